"""Sign-off chain of the readiness reports: Polres submits, Polda then HQ verify; evidence."""
