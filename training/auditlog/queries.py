"""Reading the audit log: filters, one page of entries, the names they refer to.

Courses are planned on layer 3, above the trail: their queries are handed over at app start
(``register_courses``); until then entries show no course and the filter offers none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select

from training.audit.labels import ENTITY_LABELS
from training.audit.models import AuditEntry
from training.auth.models import User
from training.extensions import db
from training.people.models import Person

#: Entities written by the services, in the order the filter lists them.
ENTITIES = tuple(ENTITY_LABELS)


@dataclass(frozen=True)
class CourseQueries:
    #: The courses (objects with a ``title``) of a set of ids, by id.
    by_id: Callable[[set[int]], dict]
    #: (id, label) of every course, for the filter.
    choices: Callable[[], list[tuple[int, str]]]


_NO_COURSES = CourseQueries(by_id=lambda ids: {}, choices=list)
_courses = [_NO_COURSES]


def register_courses(queries: CourseQueries) -> None:
    """The programmes package hands over how to read courses (at app start)."""
    _courses[0] = queries


@dataclass(frozen=True)
class AuditFilters:
    entity: str | None = None
    username: str | None = None
    nrp: str | None = None
    session_id: int | None = None
    course_id: int | None = None
    #: Aware UTC bounds: start inclusive, end exclusive.
    start: datetime | None = None
    end: datetime | None = None
    #: The local days the bounds came from (to show them back in the form).
    first_day: date | None = None
    last_day: date | None = None


def audit_query(filters: AuditFilters) -> Select:
    """AuditEntry rows matching ``filters``, newest first."""
    stmt = select(AuditEntry)
    if filters.entity:
        stmt = stmt.where(AuditEntry.entity == filters.entity)
    if filters.username:
        users = select(User.id).where(User.username == filters.username)
        stmt = stmt.where(AuditEntry.user_id.in_(users))
    if filters.nrp:
        people = select(Person.id).where(Person.nrp == filters.nrp)
        stmt = stmt.where(AuditEntry.person_id.in_(people))
    if filters.session_id is not None:
        stmt = stmt.where(AuditEntry.session_id == filters.session_id)
    if filters.course_id is not None:
        stmt = stmt.where(AuditEntry.course_id == filters.course_id)
    if filters.start is not None:
        stmt = stmt.where(AuditEntry.at >= filters.start)
    if filters.end is not None:
        stmt = stmt.where(AuditEntry.at < filters.end)
    return stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


@dataclass(frozen=True)
class Names:
    users: dict[int, str]
    people: dict[int, Person]
    courses: dict[int, object]


def names_for(entries) -> Names:
    """The usernames, people and courses a page of entries refers to (three queries)."""
    user_ids = {e.user_id for e in entries if e.user_id is not None}
    person_ids = {e.person_id for e in entries if e.person_id is not None}
    course_ids = {e.course_id for e in entries if e.course_id is not None}
    users = (
        dict(db.session.execute(select(User.id, User.username).where(User.id.in_(user_ids))).all())
        if user_ids
        else {}
    )
    people = (
        {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(person_ids)))}
        if person_ids
        else {}
    )
    courses = _courses[0].by_id(course_ids) if course_ids else {}
    return Names(users, people, courses)


def changes(entry: AuditEntry) -> list[tuple[str, object, object]]:
    """(field, before, after) for every field whose value differs, in a stable order."""
    before, after = entry.before or {}, entry.after or {}
    keys = list(before) + [k for k in after if k not in before]
    return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def course_choices() -> list[tuple[int, str]]:
    return _courses[0].choices()
