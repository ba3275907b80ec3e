"""Training sessions: single and recurring (RFC 5545), trainers, venues, conflicts."""
