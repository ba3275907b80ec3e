"""Policy: every "may this user do this to that" question, answered in one place.

Layer 2 (who and where, beside ``units``, ``people``, ``auth`` and ``audit``): it reads
accounts, units and people, and imports nothing above them. The rules about training
sessions (layer 3) need two of the sessions package's tables; that package hands them over
when its models are defined (``policy.sessions.use_tables``), so this package never imports
it and the sessions package may ask its rules.

- ``policy.sessions``: see a session, be its trainer, manage it (edit, cancel, roll call,
  check-in codes, enrol, assess), as a yes/no for one session and as an SQL condition.
- The unit and person scope (``Scope``, ``scope_of``, ``unit_clause``, ``person_clause``)
  is still in ``training.policy.scope``.
"""
