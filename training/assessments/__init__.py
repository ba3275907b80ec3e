"""Competencies, per-course weights, assessment attempts and scores."""
