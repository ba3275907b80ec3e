"""Attendance: roll call, sign-off, QR self check-in, attendance shares and warnings."""
