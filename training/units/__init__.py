"""The unit tree (satuan): Mabes, Polda, Polres, Polsek."""
