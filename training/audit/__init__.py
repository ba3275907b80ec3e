"""The audit log of changes to attendance, sign-off, assessments and course status."""
