"""Who of a session has passed its course but waits for another of its sessions.

A certificate is issued once every session of the course a person is booked in has ended
and been signed off (``standing.engine.settled_clause``): someone who passed this session
but is still booked in a later meeting or another class of the course is not eligible yet.
The issue page names them with the sessions they wait for, instead of an unexplained 0.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from training.certificates.services import without_certificate
from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope, person_clause
from training.programs.models import CourseStatus, CourseStatusValue
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import TrainingSession
from training.standing.engine import pending_sessions


def waiting_people(session, *, scope: Scope, now=None) -> list[tuple[Person, list]]:
    """(person, the other sessions of the course they wait for) for the people enrolled in
    ``session`` and in ``scope`` who passed the course and hold no certificate covering it,
    by name (one statement, and one for their certificates)."""
    now = now or datetime.now(UTC)
    course = session.course
    pending = pending_sessions(course, now).subquery()
    enrolled = select(Enrollment.person_id).where(
        Enrollment.session_id == session.id, Enrollment.status == EnrollmentStatus.ENROLLED
    )
    stmt = (
        select(Person, CourseStatus, TrainingSession)
        .join(CourseStatus, CourseStatus.person_id == Person.id)
        .join(pending, pending.c.person_id == Person.id)
        .join(TrainingSession, TrainingSession.id == pending.c.session_id)
        .where(
            CourseStatus.course_id == course.id,
            CourseStatus.status == CourseStatusValue.COMPLETED,
            TrainingSession.id != session.id,
            Person.id.in_(enrolled),
            person_clause(scope),
        )
        .options(joinedload(TrainingSession.venue_unit), joinedload(TrainingSession.course))
        .order_by(Person.full_name, Person.id, TrainingSession.starts_at)
    )
    waits: dict[int, tuple[Person, CourseStatus, list]] = {}
    for person, standing, other in db.session.execute(stmt):
        waits.setdefault(person.id, (person, standing, []))[2].append(other)
    uncovered = {p.id for p in without_certificate([w[:2] for w in waits.values()], course)}
    return [(person, others) for person, _s, others in waits.values() if person.id in uncovered]
