"""The audit log page: reads the trail written through ``training.audit`` with the accounts
and people it names, so it sits above ``auth`` and ``people`` (the trail itself stays low:
every service writes to it)."""
