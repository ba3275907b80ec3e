"""The gap list and a unit's own target people with their standing.

A target is a (person, course) pair: the person holds one of the course's target positions
in a unit of one of its target levels (see rollup.target_condition). A gap is a target who
is untrained (no current certificate and not failed), failed (no current certificate, the
course standing says failed) or expiring (the current certificate ends within the
programme's "expiring soon" window): the same rule as the roll-up's counters.

Each gap on a page is shown next to the next open session of its course that the person may
join (``gap_sessions``: scheduled, starting in the future, with free places, the audience
including the person's unit and position), or next to the upcoming session they already
hold a place in. A page costs four statements whatever its size: count, rows, sessions,
enrolments (three when the caller passes the total it knows from the roll-up). The
statements are built once per set of inputs and kept (``core.sqlmemo``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Integer, and_, bindparam, func, or_, select

from training.core.sqlmemo import kept
from training.core.timefmt import short_day
from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope, unit_clause
from training.programs.models import Course, CourseStatus, CourseStatusValue
from training.readiness.gap_sessions import attach_sessions
from training.readiness.rollup import current_certificates, target_condition
from training.sessions.models import TrainingSession
from training.units.models import Unit, in_subtree

KINDS = {
    "untrained": _l("Belum dilatih"),
    "failed": _l("Tidak lulus"),
    "expiring": _l("Sertifikat segera berakhir"),
}


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
