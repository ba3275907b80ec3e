"""Read-only session queries: the scoped list with filters, visibility, enrolled counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from training.extensions import db
from training.policy.scope import Scope
from training.policy.sessions import session_clause
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.lifecycle import Stage, stage_clause
from training.sessions.models import SessionTrainer, TrainingSession
from training.units.models import Unit, in_subtree

STAGES = tuple(s.value for s in Stage)


@dataclass
class Filters:
    course_id: int | None = None
    unit: Unit | None = None
    trainer: str = ""  # "u:<id>" or "p:<id>"
    status: str = ""  # a lifecycle stage (training/sessions/lifecycle.py)
    date_from: date | None = None
    date_to: date | None = None


def _day_start(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(0, 0), ZoneInfo(tz)).astimezone(UTC)


def sessions_query(scope: Scope, filters: Filters, tz: str) -> Select:
    """The list: newest-first is confusing for a schedule, so by start time ascending.

    Date bounds are whole local days in the viewer's zone ``tz``.
    """
    stmt = (
        select(TrainingSession)
        .where(session_clause(scope))
        .options(
            selectinload(TrainingSession.course),
            selectinload(TrainingSession.venue_unit),
            selectinload(TrainingSession.audience_unit),
            selectinload(TrainingSession.trainers).selectinload(SessionTrainer.user),
            selectinload(TrainingSession.trainers).selectinload(SessionTrainer.person),
        )
        .order_by(TrainingSession.starts_at, TrainingSession.id)
    )
    if filters.course_id:
        stmt = stmt.where(TrainingSession.course_id == filters.course_id)
    if filters.unit is not None:
        units = select(Unit.id).where(in_subtree(filters.unit.path))
        stmt = stmt.where(
            or_(
                TrainingSession.venue_unit_id.in_(units),
                TrainingSession.audience_unit_id.in_(units),
            )
        )
    number = filters.trainer[2:]
    if (
        filters.trainer[:2] in ("u:", "p:")
        and number.isascii()
        and number.isdigit()
        and len(number) < 10
    ):
        column = SessionTrainer.user_id if filters.trainer[0] == "u" else SessionTrainer.person_id
        taught = select(SessionTrainer.session_id).where(column == int(filters.trainer[2:]))
        stmt = stmt.where(TrainingSession.id.in_(taught))
    if filters.status in STAGES:
        stmt = stmt.where(stage_clause(filters.status))
    if filters.date_from:
        stmt = stmt.where(TrainingSession.starts_at >= _day_start(filters.date_from, tz))
    if filters.date_to:
        end = _day_start(filters.date_to + timedelta(days=1), tz)
        stmt = stmt.where(TrainingSession.starts_at < end)
    return stmt


def enrolled_counts(session_ids: list[int]) -> dict[int, int]:
    """session id → people enrolled (one statement)."""
    if not session_ids:
        return {}
    stmt = (
        select(Enrollment.session_id, func.count())
        .where(
            Enrollment.session_id.in_(session_ids),
            Enrollment.status == EnrollmentStatus.ENROLLED,
        )
        .group_by(Enrollment.session_id)
    )
    counts = dict(db.session.execute(stmt).all())
    return {i: counts.get(i, 0) for i in session_ids}


def trainer_name(trainer: SessionTrainer) -> str:
    if trainer.person is not None:
        return trainer.person.full_name
    user = trainer.user
    return user.person.full_name if user.person is not None else user.username
