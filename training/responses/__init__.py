"""Public mentions of the official accounts and how fast they are answered."""
