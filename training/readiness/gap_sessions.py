"""The next session of each gap on a page of the gap list (``gaps.gap_page``): the next open
session of its course that the person may join (scheduled, starting in the future, with free
places, the audience including the person's unit and position), or the upcoming session
they already hold a place in. Two statements per page, whatever its size."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import joinedload

from training.extensions import db
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession

if TYPE_CHECKING:
    from training.readiness.gaps import TargetRow

#: Upcoming sessions considered per page (the soonest first).
SESSION_LIMIT = 500


def attach_sessions(rows: list[TargetRow], now: datetime) -> None:
    """Fill each gap row's next joinable session or its booked one (two statements)."""
    rows = [r for r in rows if r.kind is not None]
    if not rows:
        return
    sessions = _upcoming_sessions(rows, now)
    if not sessions:
        return
    booked = _bookings([r.person.id for r in rows], [s.id for s, _free in sessions])
    for row in rows:
        for training_session, free in sessions:
            if training_session.course_id != row.course.id:
                continue
            status = booked.get((row.person.id, training_session.id))
            if status in (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED):
                row.booked, row.booked_status = training_session, status
                break
            if free > 0 and _may_join(training_session, row):
                row.next_session, row.free = training_session, free
                break


def _may_join(training_session: TrainingSession, row: TargetRow) -> bool:
    audience = training_session.audience_unit
    if audience is not None and not row.unit.path.startswith(audience.path):
        return False
    positions = training_session.audience_positions
    return not positions or row.person.position in positions


def _upcoming_sessions(rows: list[TargetRow], now: datetime) -> list[tuple]:
    """(session, free places) of the scheduled future sessions of the rows' courses whose
    audience may hold one of the rows' units (an ancestor of it, or no audience unit)."""
    params = {
        "now": now,
        "courses": sorted({r.course.id for r in rows}),
        "ancestors": sorted({i for r in rows for i in r.unit.ancestor_ids}),
    }
    return [(s, free) for s, free in db.session.execute(_upcoming_statement(), params)]


@cache
def _upcoming_statement():
    """The statement of ``_upcoming_sessions``, built once: the time, the courses and the
    units are bound at each read."""
    enrolled = (
        select(Enrollment.session_id, func.count().label("n"))
        .where(Enrollment.status == EnrollmentStatus.ENROLLED)
        .group_by(Enrollment.session_id)
        .subquery()
    )
    return (
        select(TrainingSession, TrainingSession.capacity - func.coalesce(enrolled.c.n, 0))
        .outerjoin(enrolled, enrolled.c.session_id == TrainingSession.id)
        .where(
            TrainingSession.status == SessionStatus.SCHEDULED,
            TrainingSession.starts_at > bindparam("now"),
            TrainingSession.course_id.in_(bindparam("courses", expanding=True)),
            or_(
                TrainingSession.audience_unit_id.is_(None),
                TrainingSession.audience_unit_id.in_(bindparam("ancestors", expanding=True)),
            ),
        )
        .options(joinedload(TrainingSession.audience_unit), joinedload(TrainingSession.venue_unit))
        .order_by(TrainingSession.starts_at, TrainingSession.id)
        .limit(SESSION_LIMIT)
    )


def _bookings(person_ids: list[int], session_ids: list[int]) -> dict[tuple[int, int], str]:
    stmt = select(Enrollment.person_id, Enrollment.session_id, Enrollment.status).where(
        Enrollment.person_id.in_(person_ids), Enrollment.session_id.in_(session_ids)
    )
    return {(p, s): status for p, s, status in db.session.execute(stmt)}
