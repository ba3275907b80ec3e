"""Which certificates a viewer lists: by scope, course, session and unit subtree."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from training.certificates.models import Certificate
from training.people.models import Person
from training.policy.scope import Scope, person_clause
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.units.models import Unit, in_subtree


def certificates_query(
    scope: Scope, *, course=None, session=None, unit: Unit | None = None
) -> Select:
    """Certificates of people in ``scope``, optionally of a course, session or unit subtree
    (each with its course: lists show the course title on every row)."""
    stmt = (
        select(Certificate)
        .options(joinedload(Certificate.course))
        .join(Person, Person.id == Certificate.person_id)
        .where(person_clause(scope))
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    )
    if course is not None:
        stmt = stmt.where(Certificate.course_id == course.id)
    if session is not None:
        enrolled = select(Enrollment.person_id).where(
            Enrollment.session_id == session.id, Enrollment.status == EnrollmentStatus.ENROLLED
        )
        stmt = stmt.where(
            Certificate.course_id == session.course_id, Certificate.person_id.in_(enrolled)
        )
    if unit is not None:
        stmt = stmt.where(Person.unit_id.in_(select(Unit.id).where(in_subtree(unit.path))))
    return stmt
