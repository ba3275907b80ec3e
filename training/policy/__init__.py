"""Policy: every "may this user do this to that" question, answered in one place.

Layer 2 (who and where), above ``audit`` and below ``units``, ``people``, ``auth`` and every
feature, so that all of their views, queries and API endpoints can ask it. It therefore
imports no feature: the tables its rules read are handed over by the packages that define
them when their models exist (``scope.use_unit_table``, ``scope.use_person_table``,
``sessions.use_tables``), and accounts are read through the attributes of
``roles.Account`` (``training.auth.models.User`` builds on this package).

- ``policy.roles``: the roles (``Role``) and what the rules read of an account.
- ``policy.scope``: which units and people a user may see (``Scope``, ``scope_of``,
  ``unit_clause``, ``person_clause``, ``can_see_unit``, ``unit_or_404``, ...).
- ``policy.sessions``: see a session, be its trainer, manage it (edit, cancel, roll call,
  check-in codes, enrol, assess), as a yes/no for one session and as an SQL condition.
- ``policy.decorators``: ``role_required`` for the views.
"""
