"""Who is told: the accounts of the people concerned and the commanders of their units.

Each function is one or two statements whatever the number of people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import or_, select

from training.auth.models import User, UserRole
from training.extensions import db
from training.people.models import Person
from training.policy.roles import Role
from training.sessions.enrollments import Enrollment, EnrollmentStatus


def accounts_of(person_ids: Iterable[int]) -> dict[int, int]:
    """person id -> the id of that person's active account (people without one are left out)."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    stmt = select(User.person_id, User.id).where(User.person_id.in_(ids), User.is_active.is_(True))
    return dict(db.session.execute(stmt).all())


def commanders_of(person_ids: Iterable[int]) -> dict[int, list[int]]:
    """commander account id -> ids of the given people in the unit the account commands.

    "Their commander" is a commander account attached to the person's own unit (not the
    whole chain above it: a Polda commander is not told of every Polsek booking). One
    statement.
    """
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    stmt = (
        select(User.id, Person.id)
        .join(Person, Person.unit_id == User.unit_id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            Person.id.in_(ids),
            UserRole.role == Role.COMMANDER,
            User.is_active.is_(True),
            or_(User.person_id.is_(None), User.person_id != Person.id),
        )
        .order_by(User.id, Person.id)
    )
    out: dict[int, list[int]] = defaultdict(list)
    for user_id, person_id in db.session.execute(stmt):
        out[user_id].append(person_id)
    return dict(out)


def people_in(
    session_ids: Iterable[int],
    statuses=(EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED),
) -> dict[int, list[int]]:
    """session id -> ids of the people enrolled (or waiting) in it."""
    ids = sorted(set(session_ids))
    out: dict[int, list[int]] = {i: [] for i in ids}
    if ids:
        stmt = select(Enrollment.session_id, Enrollment.person_id).where(
            Enrollment.session_id.in_(ids), Enrollment.status.in_(list(statuses))
        )
        for session_id, person_id in db.session.execute(stmt):
            out[session_id].append(person_id)
    return out


def users_commanding_unit(unit_id: int, *, except_user: int | None = None) -> list[int]:
    """Active commander accounts attached to ``unit_id``."""
    stmt = (
        select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            UserRole.role == Role.COMMANDER,
            User.unit_id == unit_id,
            User.is_active.is_(True),
        )
        .order_by(User.id)
    )
    return [uid for uid in db.session.scalars(stmt) if uid != except_user]
