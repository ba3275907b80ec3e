"""The trainer picker: trainer accounts plus people certified in the previous tier.

Train-the-trainer: a person who completed tier N (certificate still valid) may train
tier N+1 sessions inside their own command, i.e. when the session's audience unit lies in
the subtree of the person's own unit. Trainer accounts qualify when their scope covers the
audience (a national trainer everywhere, a regional trainer inside their unit's subtree).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from training.auth.models import User, UserRole
from training.core.timefmt import local_day
from training.extensions import db
from training.people.models import Person
from training.policy.roles import Role
from training.programs.cascade import previous_course
from training.programs.models import Course, CourseStatus, CourseStatusValue
from training.programs.services import add_months
from training.units.models import Unit


@dataclass
class TrainerChoices:
    users: list[User] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


def _chain_ids(unit: Unit) -> list[int]:
    """Ids of ``unit`` and every unit above it."""
    ids = unit.ancestor_ids
    return ids if unit.id in ids else [*ids, unit.id]


def trainer_accounts(audience_unit: Unit) -> list[User]:
    """Active trainer accounts whose scope covers ``audience_unit``."""
    stmt = (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            UserRole.role == Role.TRAINER,
            User.is_active.is_(True),
            or_(User.unit_id.is_(None), User.unit_id.in_(_chain_ids(audience_unit))),
        )
        .order_by(User.username)
    )
    return list(db.session.scalars(stmt).unique())


def certified_people(course: Course, audience_unit: Unit, today: date) -> list[Person]:
    """People certified in ``course`` (valid on ``today``) whose unit is at or above the
    audience unit, i.e. whose own subtree contains it."""
    statuses = db.session.execute(
        select(Person, CourseStatus.completed_on)
        .join(CourseStatus, CourseStatus.person_id == Person.id)
        .where(
            CourseStatus.course_id == course.id,
            CourseStatus.status == CourseStatusValue.COMPLETED,
            CourseStatus.completed_on.is_not(None),
            Person.unit_id.in_(_chain_ids(audience_unit)),
        )
        .options(joinedload(Person.unit))
        .order_by(Person.full_name, Person.id)
    )
    return [
        person
        for person, completed_on in statuses
        if add_months(completed_on, course.validity_months) > today
    ]


def eligible_trainers(course: Course, audience_unit: Unit, today: date | None = None):
    """The trainer picker's choices for a ``course`` session aimed at ``audience_unit``."""
    today = today or local_day(tz=audience_unit.timezone)
    prev = previous_course(course)
    people = certified_people(prev, audience_unit, today) if prev is not None else []
    return TrainerChoices(users=trainer_accounts(audience_unit), people=people)


def is_eligible_trainer(
    course: Course,
    audience_unit: Unit,
    user: User | None = None,
    person: Person | None = None,
    today: date | None = None,
) -> bool:
    """Whether exactly one of ``user``/``person`` may train this session."""
    if (user is None) == (person is None):
        return False
    choices = eligible_trainers(course, audience_unit, today)
    if user is not None:
        return any(u.id == user.id for u in choices.users)
    return any(p.id == person.id for p in choices.people)
