"""Read-only queries of the enrolment pages: who may see a session, its lists, open
sessions for a commander, candidates to enrol and a person's own schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import false, func, or_, select, true
from sqlalchemy.orm import aliased, joinedload

from training.core.paths import path_ids
from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope, person_clause
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession
from training.units.models import Unit, in_subtree

ENROLLED, WAITLISTED = EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED
CANDIDATE_LIMIT = 300


def _audience_overlaps(scope: Scope):
    """SQL condition on TrainingSession: its audience overlaps one of the scope's subtrees."""
    if scope.everything:
        return true()
    if not scope.unit_paths:
        return false()
    conditions = [TrainingSession.audience_unit_id.is_(None)]
    for path in scope.unit_paths:
        ancestors = path_ids(path)
        below = select(Unit.id).where(in_subtree(path))
        conditions += [
            TrainingSession.audience_unit_id.in_(ancestors),
            TrainingSession.audience_unit_id.in_(below),
        ]
    return or_(*conditions)


def open_sessions(scope: Scope, now: datetime, limit: int = 100) -> list[tuple]:
    """(session, enrolled count, waitlisted count) of the scheduled sessions not yet
    started whose audience overlaps the scope, soonest first."""
    counts = (
        select(
            Enrollment.session_id,
            func.count().filter(Enrollment.status == ENROLLED).label("enrolled"),
            func.count().filter(Enrollment.status == WAITLISTED).label("waiting"),
        )
        .group_by(Enrollment.session_id)
        .subquery()
    )
    stmt = (
        select(
            TrainingSession,
            func.coalesce(counts.c.enrolled, 0),
            func.coalesce(counts.c.waiting, 0),
        )
        .outerjoin(counts, counts.c.session_id == TrainingSession.id)
        .where(
            TrainingSession.status == SessionStatus.SCHEDULED,
            TrainingSession.starts_at > now,
            _audience_overlaps(scope),
        )
        .options(
            joinedload(TrainingSession.venue_unit),
            joinedload(TrainingSession.audience_unit),
            joinedload(TrainingSession.course),
        )
        .order_by(TrainingSession.starts_at, TrainingSession.id)
        .limit(limit)
    )
    return [tuple(r) for r in db.session.execute(stmt)]


def candidates(training_session, scope: Scope, *, all_positions=False, q=None):
    """People of the scope inside the audience subtree (holding an audience position unless
    ``all_positions``), not yet enrolled or waiting; returns (people, total)."""
    taken = select(Enrollment.person_id).where(
        Enrollment.session_id == training_session.id, Enrollment.status.in_((ENROLLED, WAITLISTED))
    )
    stmt = (
        select(Person)
        .join(Person.unit)
        .where(person_clause(scope), Person.id.not_in(taken))
        .options(joinedload(Person.unit))
    )
    if training_session.audience_unit is not None:
        stmt = stmt.where(in_subtree(training_session.audience_unit.path))
    positions = training_session.audience_positions or training_session.course.target_positions
    if positions and not all_positions:
        stmt = stmt.where(Person.position.in_(positions))
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(func.lower(Person.full_name).like(like), Person.nrp.like(like)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    people = db.session.scalars(
        stmt.order_by(Unit.code, Person.full_name, Person.id).limit(CANDIDATE_LIMIT)
    ).all()
    return list(people), total


def _ahead():
    """Correlated count of the people waiting ahead of an Enrollment row."""
    other = aliased(Enrollment)
    return (
        select(func.count())
        .where(
            other.session_id == Enrollment.session_id,
            other.status == WAITLISTED,
            other.waitlist_rank < Enrollment.waitlist_rank,
        )
        .correlate(Enrollment)
        .scalar_subquery()
    )


@dataclass
class Roster:
    enrolled: list[Enrollment]
    waitlist: list[Enrollment]
    enrolled_total: int
    waiting_total: int
    #: enrolment id -> 1-based place on the whole waitlist
    positions: dict[int, int]


def roster(training_session: TrainingSession, scope: Scope) -> Roster:
    """Enrolled people and the waitlist in order, limited to the people the viewer may see;
    the totals count everybody."""
    stmt = (
        select(Enrollment, _ahead())
        .join(Enrollment.person)
        .join(Person.unit)
        .where(
            Enrollment.session_id == training_session.id,
            Enrollment.status.in_((ENROLLED, WAITLISTED)),
            person_clause(scope),
        )
        .options(joinedload(Enrollment.person).joinedload(Person.unit))
        .order_by(Enrollment.waitlist_rank, Unit.code, Person.full_name)
    )
    found = db.session.execute(stmt).all()
    rows = [e for e, _n in found]
    totals = dict(
        db.session.execute(
            select(Enrollment.status, func.count())
            .where(Enrollment.session_id == training_session.id)
            .group_by(Enrollment.status)
        ).all()
    )
    return Roster(
        enrolled=[r for r in rows if r.status == ENROLLED],
        waitlist=[r for r in rows if r.status == WAITLISTED],
        enrolled_total=totals.get(ENROLLED, 0),
        waiting_total=totals.get(WAITLISTED, 0),
        positions={e.id: n + 1 for e, n in found if e.status == WAITLISTED},
    )


@dataclass
class ScheduleRow:
    enrollment: Enrollment
    session: TrainingSession
    #: 1-based place on the waitlist, None when enrolled.
    waitlist_position: int | None


def my_schedule(person_id: int, now: datetime, past_limit: int = 50):
    """(upcoming, past) schedule rows of a person; removed enrolments are left out."""
    base = (
        select(Enrollment, TrainingSession, _ahead())
        .join(Enrollment.session)
        .where(
            Enrollment.person_id == person_id,
            Enrollment.status.in_((ENROLLED, WAITLISTED, EnrollmentStatus.PENDING)),
        )
        .options(
            joinedload(TrainingSession.venue_unit),
            joinedload(TrainingSession.course),
        )
    )
    upcoming = base.where(TrainingSession.ends_at > now).order_by(TrainingSession.starts_at)
    past = (
        base.where(TrainingSession.ends_at <= now)
        .order_by(TrainingSession.starts_at.desc())
        .limit(past_limit)
    )
    return _schedule_rows(upcoming), _schedule_rows(past)


def _schedule_rows(stmt) -> list[ScheduleRow]:
    return [
        ScheduleRow(e, s, n + 1 if e.status == WAITLISTED else None)
        for e, s, n in db.session.execute(stmt)
    ]


def cancellable(upcoming: list[ScheduleRow], deadline: datetime) -> set[int]:
    """Ids of the sessions whose row carries the participant's "Batalkan": the first
    remaining meeting of each booking, when it starts after ``deadline``."""
    seen, ids = set(), set()
    for row in upcoming:
        s = row.session
        key = s.series_id or -s.id
        if key in seen or s.status == SessionStatus.CANCELLED:
            continue
        seen.add(key)
        if s.starts_at > deadline:
            ids.add(s.id)
    return ids


def people_in_scope(scope: Scope, person_ids) -> list[Person]:
    """The chosen people the viewer may see (unknown and hidden ids are left out)."""
    ids = list(person_ids)
    if not ids:
        return []
    stmt = (
        select(Person)
        .where(Person.id.in_(ids), person_clause(scope))
        .options(joinedload(Person.unit))
        .order_by(Person.full_name, Person.id)
    )
    return list(db.session.scalars(stmt))


def is_open(training_session: TrainingSession, now: datetime) -> bool:
    """Open for enrolment by commanders: scheduled and not started yet."""
    return training_session.status == SessionStatus.SCHEDULED and training_session.starts_at > now
