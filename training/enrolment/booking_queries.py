"""Read-only queries of series booking: the open sessions a participant may sign up to,
the sign-ups waiting for a commander, and the meetings a booking covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope, person_clause
from training.programs.models import Course, Program
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession
from training.units.models import path_ids

LIMIT = 100


@dataclass
class Booking:
    """A series (or lone session) someone holds or requests places in: its first remaining
    meeting and how many remaining meetings the places cover."""

    person: Person
    session: TrainingSession
    meetings: int
    status: str


def _first_per_series(sessions) -> list[TrainingSession]:
    seen, first = set(), []
    for s in sessions:
        key = ("series", s.series_id) if s.series_id else ("session", s.id)
        if key not in seen:
            seen.add(key)
            first.append(s)
    return first


def signup_sessions(person: Person, now: datetime) -> list[TrainingSession]:
    """The first remaining meeting of each open series (or lone session) the person may sign
    up to: the programme opens self sign-up, the course targets the person's position and
    unit level, the audience includes them; soonest first (two statements)."""
    courses = db.session.scalars(
        select(Course).join(Course.program).where(Program.self_signup.is_(True))
    ).all()
    course_ids = [
        c.id
        for c in courses
        if person.position in (c.target_positions or [])
        and person.unit.level in (c.target_levels or [])
    ]
    if not course_ids:
        return []
    taken = select(Enrollment.session_id).where(
        Enrollment.person_id == person.id,
        Enrollment.status.in_(
            (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.PENDING)
        ),
    )
    stmt = (
        select(TrainingSession)
        .where(
            TrainingSession.course_id.in_(course_ids),
            TrainingSession.status == SessionStatus.SCHEDULED,
            TrainingSession.starts_at > now,
            TrainingSession.id.not_in(taken),
            TrainingSession.audience_unit_id.is_(None)
            | TrainingSession.audience_unit_id.in_(path_ids(person.unit.path)),
        )
        .options(joinedload(TrainingSession.course), joinedload(TrainingSession.venue_unit))
        .order_by(TrainingSession.starts_at, TrainingSession.id)
        .limit(LIMIT * 10)
    )
    sessions = [
        s
        for s in db.session.scalars(stmt).unique()
        if not s.audience_positions or person.position in s.audience_positions
    ]
    return _first_per_series(sessions)[:LIMIT]


def bookings(stmt) -> list[Booking]:
    """Group (Enrollment, TrainingSession) rows, soonest first, into one Booking per person
    and series."""
    found: dict[tuple, Booking] = {}
    for row, session in db.session.execute(stmt):
        key = (row.person_id, session.series_id or -session.id)
        if key in found:
            found[key].meetings += 1
        else:
            found[key] = Booking(row.person, session, 1, row.status)
    return list(found.values())


def pending_sign_ups(scope: Scope, now: datetime) -> list[Booking]:
    """Sign-ups waiting for approval of people in the scope, by person and series."""
    stmt = (
        select(Enrollment, TrainingSession)
        .join(Enrollment.session)
        .join(Enrollment.person)
        .where(
            Enrollment.status == EnrollmentStatus.PENDING,
            TrainingSession.starts_at > now,
            person_clause(scope),
        )
        .options(
            joinedload(Enrollment.person).joinedload(Person.unit),
            joinedload(TrainingSession.course),
            joinedload(TrainingSession.venue_unit),
        )
        .order_by(TrainingSession.starts_at, Enrollment.id)
        .limit(LIMIT * 20)
    )
    return bookings(stmt)[:LIMIT]
