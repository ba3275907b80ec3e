"""Writing computed standings: one upsert per batch of (person, course) rows, the absence
warnings raised, updated or resolved with them, and the audited fields of a standing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from training.attendance.models import AbsenceWarning
from training.extensions import db
from training.programs.models import Course, CourseStatus


def upsert_person_course(model, rows: list[dict], now: datetime) -> None:
    """Insert ``rows``, updating the row of the same (person, course) when it exists."""
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(model.__table__)  # Core insert: skips the ORM's per-row bookkeeping
    columns = [key for key in rows[0] if key not in ("person_id", "course_id")]
    stmt = stmt.on_conflict_do_update(
        index_elements=["person_id", "course_id"],
        set_={key: stmt.excluded[key] for key in columns},
    )
    db.session.execute(stmt, rows)


def sync_warnings(course: Course, computed: dict, now: datetime) -> None:
    """Raise, update or resolve AbsenceWarnings for the people just recomputed."""
    existing = {
        w.person_id: (w.attendance_pct, w.resolved_at, w.created_at)
        for w in db.session.execute(
            select(AbsenceWarning).where(
                AbsenceWarning.course_id == course.id,
                AbsenceWarning.person_id.in_(list(computed)),
            )
        ).scalars()
    }
    rows = []
    for pid, standing in computed.items():
        pct = standing.attendance_pct
        # an online refresher completion meets the requirement: no warning beside it
        below = pct is not None and pct < course.min_attendance_pct and not standing.online_on
        old = existing.get(pid)
        if below:
            if old is not None and old[1] is None and old[0] == pct:
                continue
            created = old[2] if old is not None and old[1] is None else now
            rows.append(_warning(pid, course, pct, created, None))
        elif old is not None and old[1] is None:
            rows.append(_warning(pid, course, old[0], old[2], now))
    upsert_person_course(AbsenceWarning, rows, now)
    if rows:
        # Keep loaded AbsenceWarning objects in step with the upsert.
        for obj in list(db.session.identity_map.values()):
            if isinstance(obj, AbsenceWarning) and obj.course_id == course.id:
                db.session.expire(obj)


def _warning(pid, course, pct, created_at, resolved_at) -> dict:
    return {
        "person_id": pid,
        "course_id": course.id,
        "attendance_pct": pct,
        "created_at": created_at,
        "resolved_at": resolved_at,
        "note": "",
    }


def snapshot(row: CourseStatus) -> dict:
    return snapshot_values(
        {
            "status": row.status,
            "attendance_pct": row.attendance_pct,
            "average_level": row.average_level,
            "passed": row.passed,
            "completed_on": row.completed_on,
        }
    )


def snapshot_values(values: dict) -> dict:
    """The audited fields as a JSON-ready dict."""
    pct, average = values["attendance_pct"], values["average_level"]
    return {
        "status": str(values["status"]),
        "attendance_pct": None if pct is None else round(float(pct), 2),
        "average_level": None if average is None else round(float(average), 2),
        "passed": values["passed"],
        "completed_on": values["completed_on"].isoformat() if values["completed_on"] else None,
    }
