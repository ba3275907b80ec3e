"""Programmes, their cycles and tiered courses, and the cascade gate between tiers."""
