"""The gap list and a unit's own target people with their standing.

A target is a (person, course) pair: the person holds one of the course's target positions
in a unit of one of its target levels (see rollup.target_condition). A gap is a target who
is untrained (no current certificate and not failed), failed (no current certificate, the
course standing says failed) or expiring (the current certificate ends within the
programme's "expiring soon" window): the same rule as the roll-up's counters.

Each gap on a page is shown next to the next open session of its course that the person may
join (scheduled, starting in the future, with free places, the audience including the
person's unit and position), or next to the upcoming session they already hold a place in.
A page costs four statements whatever its size: count, rows, sessions, enrolments (three
when the caller passes the total it knows from the roll-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Integer, and_, bindparam, func, or_, select
from sqlalchemy.orm import joinedload

from training.core.sqlmemo import kept
from training.core.timefmt import short_day
from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope, unit_clause
from training.programs.models import Course, CourseStatus, CourseStatusValue
from training.readiness.rollup import current_certificates, target_condition
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession
from training.units.models import Unit, in_subtree

KINDS = {
    "untrained": _l("Belum dilatih"),
    "failed": _l("Tidak lulus"),
    "expiring": _l("Sertifikat segera berakhir"),
}
#: Upcoming sessions considered per page (the soonest first).
SESSION_LIMIT = 500


@dataclass
class TargetRow:
    person: Person
    unit: Unit
    course: Course
    #: The person's course standing (CourseStatusValue) or None without a status row.
    status: str | None
    #: Last day of the current certificate, None without one.
    until: date | None
    #: "untrained", "failed", "expiring" or None (certified, not expiring soon).
    kind: str | None
    #: The next session the person may join, and its free places.
    next_session: TrainingSession | None = None
    free: int = 0
    #: An upcoming session of the course the person is already enrolled or waiting in.
    booked: TrainingSession | None = None
    booked_status: str | None = None

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind]) if self.kind else ""


class RowPage(Pagination):
    """A page of rows fetched by callables (flask-sqlalchemy's pager, any row shape)."""

    def _query_items(self) -> list:
        return self._query_args["fetch"](self.per_page, (self.page - 1) * self.per_page)

    def _query_count(self) -> int:
        return self._query_args["counter"]()


def _kind_condition(kind: str | None, cert, soon: date):
    none = cert.c.until.is_(None)
    failed = CourseStatus.status == CourseStatusValue.FAILED
    conditions = {
        "failed": and_(none, failed),
        "untrained": and_(none, or_(CourseStatus.status.is_(None), ~failed)),
        "expiring": cert.c.until <= soon,
    }
    if kind is None:
        return or_(none, cert.c.until <= soon)
    return conditions[kind]


def _targets(courses: list[Course], on: date):
    """Select of (Person, Unit, Course, status, until) over every target pair, and the
    certificate subquery (for further conditions)."""
    cert = current_certificates(on)
    stmt = (
        select(Person, Unit, Course, CourseStatus.status, cert.c.until)
        .select_from(Person)
        .join(Unit, Unit.id == Person.unit_id)
        .join(Course, target_condition(courses))
        .outerjoin(
            CourseStatus,
            and_(CourseStatus.person_id == Person.id, CourseStatus.course_id == Course.id),
        )
        .outerjoin(cert, and_(cert.c.person_id == Person.id, cert.c.course_id == Course.id))
    )
    return stmt, cert


def _row(found, soon: date) -> TargetRow:
    person, unit, course, status, until = found
    if until is None:
        kind = "failed" if status == CourseStatusValue.FAILED else "untrained"
    else:
        kind = "expiring" if until <= soon else None
    return TargetRow(person, unit, course, status, until, kind)


def gap_page(
    courses: list[Course],
    scope: Scope,
    root: Unit,
    *,
    on: date,
    expiring_days: int,
    now: datetime,
    kind: str | None = None,
    within: Unit | None = None,
    page: int = 1,
    per_page: int = 25,
    max_per_page: int | None = 100,
    total: int | None = None,
) -> RowPage:
    """One page of the gaps below ``root`` (below ``within`` when given), optionally of one
    ``kind``, each with its next session; ordered by unit, name and tier. ``total``, when the
    caller knows it (the roll-up's counters, see gap_total), saves the count statement.
    ``per_page`` is capped at ``max_per_page`` (None: no cap, for downloads)."""
    soon = on + timedelta(days=expiring_days)
    if not courses:
        return RowPage(
            page=1,
            per_page=per_page,
            max_per_page=max_per_page,
            error_out=False,
            fetch=_none,
            counter=_zero,
        )
    key = (_courses_key(courses), on, soon, scope, root.path, kind, within and within.path)

    def gaps():
        stmt, cert = _targets(courses, on)
        stmt = stmt.where(
            unit_clause(scope), in_subtree(root.path), _kind_condition(kind, cert, soon)
        )
        return stmt.where(in_subtree(within.path)) if within is not None else stmt

    def fetch(limit: int, offset: int) -> list[TargetRow]:
        ordered = kept(
            ("readiness.gaps", *key),
            lambda: (
                gaps()
                .order_by(Unit.path, Person.full_name, Person.id, Course.tier, Course.id)
                .limit(bindparam("limit", type_=Integer))
                .offset(bindparam("offset", type_=Integer))
            ),
        )
        found = db.session.execute(ordered, {"limit": limit, "offset": offset})
        rows = [_row(r, soon) for r in found]
        attach_sessions(rows, now)
        return rows

    def count() -> int:
        if total is not None:
            return total
        return db.session.scalar(select(func.count()).select_from(gaps().subquery()))

    return RowPage(
        page=page,
        per_page=per_page,
        max_per_page=max_per_page,
        error_out=False,
        fetch=fetch,
        counter=count,
    )


def gap_total(figures, kind: str | None) -> int:
    """The number of gaps of a unit's subtree from its rolled-up figures (the same rule)."""
    if kind is None:
        return figures.untrained + figures.failed + figures.expiring
    return getattr(figures, kind)


def _none(_limit, _offset) -> list:
    return []


def _zero() -> int:
    return 0


def own_people(
    courses: list[Course], unit: Unit, *, on: date, expiring_days: int, limit: int = 200
) -> list[TargetRow]:
    """The target people of ``unit`` itself (not its subtree) with their standing."""
    if not courses:
        return []

    def build():
        stmt, _cert = _targets(courses, on)
        return (
            stmt.where(Person.unit_id == unit.id)
            .order_by(Person.full_name, Person.id, Course.tier)
            .limit(limit)
        )

    stmt = kept(("readiness.own", _courses_key(courses), on, unit.id, limit), build)
    soon = on + timedelta(days=expiring_days)
    return [_row(r, soon) for r in db.session.execute(stmt)]


def _courses_key(courses: list[Course]) -> tuple:
    """What the target statements read of the courses (``target_condition``)."""
    return tuple(
        (c.id, tuple(c.target_levels or ()), tuple(c.target_positions or ())) for c in courses
    )


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


def standing_label(row: TargetRow) -> str:
    """The person's standing in words: certified until X / expiring / failed / ..."""
    if row.until is not None:
        if row.kind == "expiring":
            return gettext("Segera berakhir (%(day)s)", day=short_day(row.until))
        return gettext("Bersertifikat s.d. %(day)s", day=short_day(row.until))
    if row.kind == "failed":
        return gettext("Tidak lulus")
    if row.status == CourseStatusValue.IN_PROGRESS:
        return gettext("Sedang mengikuti")
    if row.status == CourseStatusValue.COMPLETED:
        return gettext("Selesai, belum ada sertifikat yang berlaku")
    return gettext("Belum mulai")
