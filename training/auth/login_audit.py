"""The audit trail of sign-in attempts: one AuditEntry (entity "login") per attempt.

Actions: "success", "failure" (unknown user, wrong password, inactive account) and
"locked" (the failure that locks the account, and attempts refused during the lock).
The reason holds the username as typed, the client address and why; never the password.
``user_id`` names the account when the username exists (the audit page filters by it);
``entity_id`` stays empty, as there is no separate login row to point at.
"""

from __future__ import annotations

from datetime import datetime

from training.audit.services import record

ENTITY = "login"
SUCCESS, FAILURE, LOCKED = "success", "failure", "locked"
REASON_LENGTH = 500


def record_attempt(
    action: str, username: str, ip: str, *, user=None, detail: str = "", now: datetime
) -> None:
    """Add the audit entry of one sign-in attempt (the caller commits)."""
    typed = " ".join((username or "").split())[:64]
    reason = f"{typed} dari {ip or '?'}" + (f": {detail}" if detail else "")
    record(
        ENTITY,
        action,
        user=user,
        reason=reason[:REASON_LENGTH],
        now=now,
    )
