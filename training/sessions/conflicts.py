"""Double-booking checks, computed on UTC instants so time zones cannot hide a clash."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select

from training.enrolment.models import Enrollment, EnrollmentStatus
from training.extensions import db
from training.sessions.models import SessionStatus, SessionTrainer, TrainingSession

ACTIVE = (SessionStatus.SCHEDULED, SessionStatus.DRAFT)


def _overlapping(starts_at: datetime, ends_at: datetime, exclude_ids: Iterable[int] = ()):
    """Condition: a live session overlapping [starts_at, ends_at) (touching ends allowed)."""
    condition = (
        (TrainingSession.starts_at < ends_at)
        & (TrainingSession.ends_at > starts_at)
        & TrainingSession.status.in_(ACTIVE)
    )
    exclude = [i for i in exclude_ids if i is not None]
    if exclude:
        condition &= TrainingSession.id.not_in(exclude)
    return condition


def person_conflicts(
    person_ids: Iterable[int], starts_at: datetime, ends_at: datetime, exclude_ids=()
) -> list[tuple[int, TrainingSession]]:
    """(person id, other session) for each person already enrolled somewhere overlapping."""
    ids = list(person_ids)
    if not ids:
        return []
    stmt = (
        select(Enrollment.person_id, TrainingSession)
        .join(Enrollment.session)
        .where(
            Enrollment.person_id.in_(ids),
            Enrollment.status == EnrollmentStatus.ENROLLED,
            _overlapping(starts_at, ends_at, exclude_ids),
        )
        .order_by(TrainingSession.starts_at)
    )
    return [(person_id, session) for person_id, session in db.session.execute(stmt)]


def trainer_conflicts(
    user_ids: Iterable[int],
    person_ids: Iterable[int],
    starts_at: datetime,
    ends_at: datetime,
    exclude_ids=(),
) -> list[tuple[SessionTrainer, TrainingSession]]:
    """Trainer rows (accounts or people) already teaching an overlapping session."""
    users, people = list(user_ids), list(person_ids)
    if not users and not people:
        return []
    stmt = (
        select(SessionTrainer, TrainingSession)
        .join(SessionTrainer.session)
        .where(
            SessionTrainer.user_id.in_(users) | SessionTrainer.person_id.in_(people),
            _overlapping(starts_at, ends_at, exclude_ids),
        )
        .order_by(TrainingSession.starts_at)
    )
    return [(trainer, session) for trainer, session in db.session.execute(stmt)]


def venue_conflicts(
    venue_unit_id: int, venue: str, starts_at: datetime, ends_at: datetime, exclude_ids=()
) -> list[TrainingSession]:
    """Sessions using the same named venue of the same unit at an overlapping time.

    Online-only sessions (no venue name) never clash on the venue.
    """
    venue = (venue or "").strip()
    if not venue:
        return []
    stmt = select(TrainingSession).where(
        TrainingSession.venue_unit_id == venue_unit_id,
        func.lower(TrainingSession.venue) == venue.lower(),
        _overlapping(starts_at, ends_at, exclude_ids),
    )
    return list(db.session.scalars(stmt))
