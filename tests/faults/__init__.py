"""Fault tests: database restart, full disk, killed worker (issue 7)."""
