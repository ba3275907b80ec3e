"""People (personel): commanders, deputies and social-media operators."""
