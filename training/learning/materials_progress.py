"""Each person's progress through a course's materials: opened, marked done, complete.

Opening a module (its page or one of its files) records the first opening, as a read
receipt; marking it done is the participant's own POST and is audited. Nothing commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError

from training.audit.services import record
from training.extensions import db
from training.learning.materials_models import (
    CourseMaterialSettings,
    MaterialModule,
    MaterialProgress,
)
from training.learning.online_models import OnlineEnrolment, OnlineOffering
from training.people.models import Person
from training.policy.materials import participant_course_ids
from training.policy.scope import Scope, person_clause
from training.programs.models import Course
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import TrainingSession

OPENED, DONE = "opened", "done"
ACTIVE = (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)


def _row(person_id: int, module_id: int) -> MaterialProgress | None:
    return db.session.scalar(
        select(MaterialProgress).where(
            MaterialProgress.person_id == person_id, MaterialProgress.module_id == module_id
        )
    )


def _get_or_add(person_id: int, module: MaterialModule, now: datetime) -> MaterialProgress:
    """The person's row for the module, inserted when missing (safe if a parallel request
    inserts it first: the unique pair decides, and the loser reads the winner's row)."""
    row = _row(person_id, module.id)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = MaterialProgress(person_id=person_id, module_id=module.id, opened_at=now)
            db.session.add(row)
    except IntegrityError:
        row = _row(person_id, module.id)
    return row


def record_opened(person_id: int, module: MaterialModule, *, now=None) -> MaterialProgress:
    """Note the person's first opening of the module (later openings change nothing)."""
    now = now or datetime.now(UTC)
    row = _get_or_add(person_id, module, now)
    if row.opened_at is None:
        row.opened_at = now
    return row


def mark_done(person: Person, module: MaterialModule, user, *, now=None) -> bool:
    """Mark the module done for the person; False when it already was."""
    now = now or datetime.now(UTC)
    row = _get_or_add(person.id, module, now)
    if row.done_at is not None:
        return False
    row.opened_at = row.opened_at or now
    row.done_at = now
    record(
        "material_progress",
        "done",
        user=user,
        entity_id=module.id,
        person_id=person.id,
        course_id=module.course_id,
        after={"module": module.title, "done_at": now.isoformat()},
        now=now,
    )
    db.session.flush()
    return True


def progress_of(person_id: int | None, modules: list[MaterialModule]) -> dict[int, str]:
    """module id -> OPENED or DONE for the person (modules never opened are absent)."""
    if person_id is None or not modules:
        return {}
    rows = db.session.scalars(
        select(MaterialProgress).where(
            MaterialProgress.person_id == person_id,
            MaterialProgress.module_id.in_([m.id for m in modules]),
        )
    )
    return {r.module_id: DONE if r.done_at else OPENED for r in rows if r.opened_at or r.done_at}


def materials_complete(person: Person, course: Course) -> bool:
    """Whether the person has marked every module of the course done (True without modules)."""
    total = db.session.scalar(
        select(func.count())
        .select_from(MaterialModule)
        .where(MaterialModule.course_id == course.id)
    )
    done = db.session.scalar(
        select(func.count())
        .select_from(MaterialProgress)
        .join(MaterialModule, MaterialModule.id == MaterialProgress.module_id)
        .where(
            MaterialModule.course_id == course.id,
            MaterialProgress.person_id == person.id,
            MaterialProgress.done_at.is_not(None),
        )
    )
    return done >= total


def materials_allow_post_test(person: Person, course: Course) -> bool:
    """Whether the materials let the person start the course's post-test: always, unless
    the course requires them (``CourseMaterialSettings``) and one module is not done."""
    settings = db.session.get(CourseMaterialSettings, course.id)
    if settings is None or not settings.required_before_post_test:
        return True
    return materials_complete(person, course)


@dataclass(frozen=True)
class CourseSummary:
    course: Course
    modules: int
    opened: int
    done: int

    @property
    def complete(self) -> bool:
        return self.done >= self.modules


def my_courses(person_id: int | None) -> list[CourseSummary]:
    """The courses the person takes part in, with their module counts and progress."""
    if person_id is None:
        return []
    courses = db.session.scalars(
        select(Course)
        .where(Course.id.in_(participant_course_ids(person_id)))
        .order_by(Course.program_id, Course.tier)
    ).all()
    totals = _module_counts([c.id for c in courses])
    counts = _progress_counts(person_id, [c.id for c in courses])
    return [CourseSummary(c, totals.get(c.id, 0), *counts.get(c.id, (0, 0))) for c in courses]


def _module_counts(course_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(MaterialModule.course_id, func.count())
        .where(MaterialModule.course_id.in_(course_ids))
        .group_by(MaterialModule.course_id)
    )
    return dict(rows.all())


def _progress_counts(person_id: int, course_ids: list[int]) -> dict[int, tuple[int, int]]:
    """course id -> (modules opened, modules done) for the person."""
    rows = db.session.execute(
        select(
            MaterialModule.course_id,
            func.count(MaterialProgress.opened_at),
            func.count(MaterialProgress.done_at),
        )
        .join(MaterialModule, MaterialModule.id == MaterialProgress.module_id)
        .where(MaterialProgress.person_id == person_id, MaterialModule.course_id.in_(course_ids))
        .group_by(MaterialModule.course_id)
    )
    return {course_id: (opened, done) for course_id, opened, done in rows}


def course_people_query(course: Course, scope: Scope):
    """SELECT of the people of ``scope`` who take part in the course (a session or an online
    refresher) or opened a module."""
    enrolled = (
        select(Enrollment.person_id)
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .where(TrainingSession.course_id == course.id, Enrollment.status.in_(ACTIVE))
    )
    online = (
        select(OnlineEnrolment.person_id)
        .join(OnlineOffering, OnlineOffering.id == OnlineEnrolment.offering_id)
        .where(OnlineOffering.course_id == course.id)
    )
    started = (
        select(MaterialProgress.person_id)
        .join(MaterialModule, MaterialModule.id == MaterialProgress.module_id)
        .where(MaterialModule.course_id == course.id)
    )
    return (
        select(Person)
        .where(
            or_(Person.id.in_(enrolled), Person.id.in_(online), Person.id.in_(started)),
            person_clause(scope),
        )
        .order_by(Person.full_name, Person.id)
    )


def progress_grid(course: Course, person_ids: list[int]) -> dict[tuple[int, int], str]:
    """(person id, module id) -> OPENED or DONE, for the listed people."""
    if not person_ids:
        return {}
    rows = db.session.execute(
        select(MaterialProgress.person_id, MaterialProgress.module_id, MaterialProgress.done_at)
        .join(MaterialModule, MaterialModule.id == MaterialProgress.module_id)
        .where(
            and_(MaterialModule.course_id == course.id, MaterialProgress.person_id.in_(person_ids))
        )
    )
    return {(p, m): DONE if done else OPENED for p, m, done in rows}
