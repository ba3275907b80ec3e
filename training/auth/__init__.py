"""Accounts, roles, login, API tokens and the unit-scope rule."""
