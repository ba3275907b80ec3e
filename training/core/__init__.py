"""Shared plumbing: settings, database tweaks, i18n, home page and health check."""
