"""Certificates: issue, PDF with QR, public verification, revocation, expiry reminders."""
