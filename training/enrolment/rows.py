"""Enrolment rows as written in bulk, their audit entries, and the first clash of each person."""

from __future__ import annotations

from training.audit.services import entry, plain
from training.sessions.conflicts import person_conflicts
from training.sessions.models import TrainingSession


def audit_entry(training_session, row, action, before_status, actor, now) -> dict:
    """The audit entry of one enrolment row (a dict or an Enrollment) changing status."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    after = {"status": plain(get("status"))}
    if get("waitlist_rank") is not None:
        after["waitlist_rank"] = get("waitlist_rank")
    return entry(
        "enrollment",
        action,
        user=actor,
        entity_id=get("id"),
        session_id=training_session.id,
        person_id=get("person_id"),
        course_id=training_session.course_id,
        before={"status": plain(before_status)} if before_status is not None else None,
        after=after,
        now=now,
    )


def first_conflicts(training_session, person_ids) -> dict[int, TrainingSession]:
    found: dict[int, TrainingSession] = {}
    for person_id, other in person_conflicts(
        person_ids, training_session.starts_at, training_session.ends_at, [training_session.id]
    ):
        found.setdefault(person_id, other)
    return found


def row_values(training_session, person, status, rank, actor, now) -> dict:
    return dict(
        session_id=training_session.id,
        person_id=person.id,
        status=status,
        waitlist_rank=rank,
        enrolled_by_id=actor.id if actor is not None else None,
        created_at=now,
        updated_at=now,
    )
