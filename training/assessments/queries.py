"""Read-only queries of the assessments feature: a course's competencies, who may be
assessed, the latest attempt per person, histories and a participant's own results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from training.assessments.latest import latest_attempt_join
from training.assessments.models import (
    AssessmentAttempt,
    AssessmentScore,
    Competency,
    CourseCompetency,
)
from training.assessments.rules import evaluate
from training.auth.models import User
from training.extensions import db
from training.people.models import Person
from training.policy.scope import person_clause, scope_of
from training.policy.sessions import is_session_trainer
from training.programs.models import Course
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession
from training.units.models import Unit, in_subtree

GRID_LIMIT = 200


@dataclass
class Latest:
    """A person's latest attempt in a course, as plain values."""

    attempt_id: int
    attempt_no: int
    note: str
    assessed_at: datetime | None = None
    levels: dict[int, int] = field(default_factory=dict)
    evidence: dict[int, str] = field(default_factory=dict)


def competencies(active_only: bool = False) -> list[Competency]:
    stmt = select(Competency).order_by(Competency.position, Competency.code)
    if active_only:
        stmt = stmt.where(Competency.is_active.is_(True))
    return list(db.session.scalars(stmt))


def competency_has_scores(competency_id: int) -> bool:
    return db.session.scalar(select(exists().where(AssessmentScore.competency_id == competency_id)))


def competency_in_courses(competency_id: int) -> bool:
    return db.session.scalar(
        select(exists().where(CourseCompetency.competency_id == competency_id))
    )


def course_competencies(course_id: int) -> list[CourseCompetency]:
    return list(
        db.session.scalars(
            select(CourseCompetency)
            .join(Competency)
            .where(CourseCompetency.course_id == course_id)
            .options(joinedload(CourseCompetency.competency))
            .order_by(Competency.position, Competency.code)
        )
    )


def course_weights(course_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(CourseCompetency.competency_id, CourseCompetency.weight).where(
            CourseCompetency.course_id == course_id
        )
    )
    return dict(rows.all())


def assessed_person_ids(course_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(AssessmentAttempt.person_id)
            .where(AssessmentAttempt.course_id == course_id)
            .distinct()
        )
    )


def _enrolled(course, session=None, user=None, unit=None):
    """SELECT of the person ids enrolled in ``course`` (or ``session``), within scope."""
    stmt = (
        select(Enrollment.person_id)
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .where(
            Enrollment.status == EnrollmentStatus.ENROLLED,
            TrainingSession.course_id == course.id,
            TrainingSession.status != SessionStatus.CANCELLED,
        )
    )
    if session is not None:
        stmt = stmt.where(Enrollment.session_id == session.id)
    if user is not None or unit is not None:
        stmt = stmt.join(Person, Person.id == Enrollment.person_id)
    if user is not None and not (session is not None and is_session_trainer(user, session)):
        stmt = stmt.where(person_clause(scope_of(user)))  # a session's trainers see all of it
    if unit is not None:
        stmt = stmt.where(Person.unit_id.in_(select(Unit.id).where(in_subtree(unit.path))))
    return stmt


def eligible_person_ids(course, *, session=None, user=None) -> set[int]:
    """People who may be assessed: enrolled in the course (or the session), in scope."""
    return set(db.session.scalars(_enrolled(course, session, user).distinct()))


def grid_people(course, user, *, session=None, unit=None, limit=GRID_LIMIT):
    """(people, total): the rows of a grid, by name, capped at ``limit``."""
    ids = _enrolled(course, session, user, unit).distinct().subquery()
    total = db.session.scalar(select(func.count()).select_from(ids))
    people = db.session.scalars(
        select(Person)
        .where(Person.id.in_(select(ids.c.person_id)))
        .options(joinedload(Person.unit))
        .order_by(Person.full_name, Person.id)
        .limit(limit)
    )
    return list(people), total


def latest_attempts(course_id: int, person_ids) -> dict[int, Latest]:
    """person id → their latest attempt in the course with its scores (one statement)."""
    person_ids = list(person_ids)
    if not person_ids:
        return {}
    rows = db.session.execute(
        select(
            AssessmentAttempt.person_id,
            AssessmentAttempt.id,
            AssessmentAttempt.attempt_no,
            AssessmentAttempt.note,
            AssessmentAttempt.assessed_at,
            AssessmentScore.competency_id,
            AssessmentScore.level,
            AssessmentScore.evidence,
        )
        .join(
            *latest_attempt_join(
                AssessmentAttempt.course_id == course_id,
                AssessmentAttempt.person_id.in_(person_ids),
            )
        )
        .outerjoin(AssessmentScore, AssessmentScore.attempt_id == AssessmentAttempt.id)
        .where(AssessmentAttempt.course_id == course_id)
    )
    result: dict[int, Latest] = {}
    for pid, aid, no, note, at, cid, level, evidence in rows:
        latest = result.setdefault(pid, Latest(aid, no, note or "", at))
        if cid is not None:
            latest.levels[cid] = level
            if evidence:
                latest.evidence[cid] = evidence
    return result


def attempt_ids(course_id: int, keys: list[tuple[int, int]]) -> dict[int, int]:
    """person id → attempt id for the given (person id, attempt number) pairs."""
    rows = db.session.execute(
        select(AssessmentAttempt.person_id, AssessmentAttempt.attempt_no, AssessmentAttempt.id)
        .where(AssessmentAttempt.course_id == course_id)
        .where(AssessmentAttempt.person_id.in_([pid for pid, _no in keys]))
    )
    wanted = set(keys)
    return {pid: aid for pid, no, aid in rows if (pid, no) in wanted}


def verdicts(course, weights, latest: dict[int, Latest]) -> dict:
    return {pid: evaluate(course, weights, row.levels) for pid, row in latest.items()}


def history(course, person_id: int):
    """Every attempt of the person in the course, newest first, with scores, assessor and
    session, and the verdict of each under the course's current weights."""
    attempts = list(
        db.session.scalars(
            select(AssessmentAttempt)
            .where(
                AssessmentAttempt.course_id == course.id, AssessmentAttempt.person_id == person_id
            )
            .options(selectinload(AssessmentAttempt.scores))
            .order_by(AssessmentAttempt.attempt_no.desc())
        )
    )
    user_ids = {a.assessed_by_id for a in attempts if a.assessed_by_id}
    session_ids = {a.session_id for a in attempts if a.session_id}
    users = _by_id(User, user_ids)
    sessions = _by_id(TrainingSession, session_ids)
    return attempts, users, sessions


def _by_id(model, ids):
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))}


def my_courses(person_id: int) -> list[Course]:
    """Courses the person is enrolled in or was assessed in, by programme and tier."""
    enrolled = (
        select(TrainingSession.course_id)
        .join(Enrollment, Enrollment.session_id == TrainingSession.id)
        .where(Enrollment.person_id == person_id, Enrollment.status == EnrollmentStatus.ENROLLED)
    )
    assessed = select(AssessmentAttempt.course_id).where(AssessmentAttempt.person_id == person_id)
    return list(
        db.session.scalars(
            select(Course)
            .where(Course.id.in_(enrolled.union(assessed)))
            .options(joinedload(Course.program))
            .order_by(Course.program_id, Course.tier)
        )
    )


def attempt_counts(person_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(AssessmentAttempt.course_id, func.count())
        .where(AssessmentAttempt.person_id == person_id)
        .group_by(AssessmentAttempt.course_id)
    )
    return dict(rows.all())


def courses_for_index() -> list[Course]:
    return list(
        db.session.scalars(
            select(Course)
            .options(joinedload(Course.program))
            .order_by(Course.program_id, Course.tier)
        )
    )


def competency_names(courses) -> dict[int, list[str]]:
    """course id -> the names of the competencies it assesses, in framework order (one query)."""
    ids = [course.id for course in courses]
    names: dict[int, list[str]] = {course_id: [] for course_id in ids}
    if not ids:
        return names
    stmt = (
        select(CourseCompetency.course_id, Competency.name)
        .join(Competency, Competency.id == CourseCompetency.competency_id)
        .where(CourseCompetency.course_id.in_(ids))
        .order_by(CourseCompetency.course_id, Competency.position, Competency.id)
    )
    for course_id, name in db.session.execute(stmt):
        names[course_id].append(name)
    return names
