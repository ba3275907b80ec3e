"""Audit entries of sessions: created, edited, cancelled (with the reason), overrides."""

from __future__ import annotations

from datetime import datetime

from training.audit.services import entry, plain, record_many, record_update
from training.programs.models import OverrideRecord
from training.sessions.models import SessionStatus, TrainingSession


def _trainer_names(users, people) -> list[str]:
    return sorted([u.username for u in users] + [p.full_name for p in people])


def session_fields(session: TrainingSession) -> dict:
    """The audited fields of a session (units by code, trainers by name)."""
    trainers = session.trainers
    return {
        "course": session.course.title,
        "title": session.title,
        "starts_at": plain(session.starts_at),
        "ends_at": plain(session.ends_at),
        "venue_unit": session.venue_unit.code,
        "venue": session.venue,
        "online_url": session.online_url,
        "capacity": session.capacity,
        "audience_unit": session.audience_unit.code if session.audience_unit else None,
        "audience_positions": list(session.audience_positions or []),
        "notes": session.notes,
        "trainers": _trainer_names(
            [t.user for t in trainers if t.user], [t.person for t in trainers if t.person]
        ),
    }


def record_created(rows: list[dict], ids: list[int], data) -> None:
    """One "create" entry per inserted session row, in one insert."""
    trainers = _trainer_names(data.trainer_users, data.trainer_people)
    entries = []
    for row, sid in zip(rows, ids, strict=True):
        after = {
            "course": data.course.title,
            "title": row["title"],
            "starts_at": plain(row["starts_at"]),
            "ends_at": plain(row["ends_at"]),
            "venue_unit": data.venue_unit.code,
            "venue": row["venue"],
            "online_url": row["online_url"],
            "capacity": row["capacity"],
            "audience_unit": data.audience_unit.code if data.audience_unit else None,
            "audience_positions": list(row["audience_positions"]),
            "status": plain(row["status"]),
            "trainers": trainers,
        }
        kw = dict(entity_id=sid, session_id=sid, course_id=row["course_id"], after=after)
        entries.append(
            entry("session", "create", user=row["created_by_id"], now=row["created_at"], **kw)
        )
    record_many(entries)


def record_edited(session: TrainingSession, before: dict, actor, now: datetime) -> None:
    after = session_fields(session)
    kw = dict(entity_id=session.id, session_id=session.id, course_id=session.course_id)
    record_update("session", before, after, user=actor, now=now, **kw)


def record_cancelled(sessions, actor, reason: str, now: datetime) -> None:
    """One "cancel" entry per session (not yet cancelled), with the reason given."""
    record_many(
        [
            entry(
                "session",
                "cancel",
                user=actor,
                entity_id=s.id,
                session_id=s.id,
                course_id=s.course_id,
                before={"status": plain(s.status)},
                after={"status": str(SessionStatus.CANCELLED)},
                reason=reason,
                now=now,
            )
            for s in sessions
        ]
    )


def record_overrides(records: list[OverrideRecord], session_id: int | None) -> None:
    """Conflict overrides (cascade ones are audited where they are granted)."""
    record_many(
        [
            entry(
                "override",
                "create",
                user=r.user_id,
                session_id=session_id,
                course_id=r.course_id,
                after={"kind": r.kind, "detail": r.detail},
                reason=r.reason,
                now=r.created_at,
            )
            for r in records
            if r.kind == "conflict"
        ]
    )
