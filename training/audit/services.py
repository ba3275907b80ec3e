"""Write audit entries. Callers commit; bulk writers pass many rows in one statement."""

from __future__ import annotations

from datetime import UTC, date, datetime

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


def plain(value):
    """A JSON-ready form of a recorded value: dates as ISO text, enums and decimals as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def fields_of(obj, names) -> dict:
    """``{name: value}`` of ``obj``'s attributes, JSON-ready."""
    return {name: plain(getattr(obj, name)) for name in names}


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """The keys whose values differ, as (before, after) dicts."""
    keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def record_update(entity: str, before: dict, after: dict, action: str = "update", **kw) -> bool:
    """Record the fields that changed between two snapshots; nothing when none did."""
    old, new = diff(before, after)
    if not new and not old:
        return False
    record(entity, action, before=old, after=new, **kw)
    return True
