"""Write audit entries. Callers commit; bulk writers pass many rows in one statement."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert

from training.audit.models import AuditEntry
from training.extensions import db


def entry(
    entity: str,
    action: str,
    *,
    user=None,
    entity_id: int | None = None,
    session_id: int | None = None,
    person_id: int | None = None,
    course_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> dict:
    """One audit row as a dict (for ``record_many``)."""
    return {
        "at": now or datetime.now(UTC),
        "user_id": getattr(user, "id", user),
        "entity": entity,
        "entity_id": entity_id,
        "action": action,
        "session_id": session_id,
        "person_id": person_id,
        "course_id": course_id,
        "before": before,
        "after": after,
        "reason": reason,
    }


def record(entity: str, action: str, **kw) -> None:
    """Add one audit entry (see ``entry`` for the fields)."""
    record_many([entry(entity, action, **kw)])


def record_many(rows: list[dict]) -> None:
    """Add many audit entries in one statement."""
    if rows:
        db.session.execute(insert(AuditEntry), rows)
