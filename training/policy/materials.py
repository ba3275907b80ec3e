"""Who may see and who may change a course's materials, and whose progress one may read.

A course serves every region (its materials are the same for all), so changing them is for
admins and national trainers (trainers without a unit); a regional trainer reads them like
any staff member. Staff (``READ_PROGRAMME``) see every course's materials; a participant
sees those of the courses they take part in: enrolled or waitlisted in one of its sessions,
or enrolled in one of its online refreshers (their progress is recorded; a named trainer is
staff and reads them as such). Progress
pages list only the people of the viewer's scope (``person_clause``).

The course arguments are ``Course`` rows; this module does not import them (see
``training.policy``): it reads the session tables ``policy.sessions`` was handed and the
online refresher tables ``training.learning.online_models`` hands over
(``use_online_enrolments``).
"""

from __future__ import annotations

from sqlalchemy import CompoundSelect, Select, select, union

from training.extensions import db
from training.policy.roles import Account, Role
from training.policy.rules import MANAGE_MATERIALS, READ_PROGRAMME
from training.policy.sessions import enrolment_table, session_table


def may_manage_materials(user: Account | None) -> bool:
    """Change modules, files, links and the course's materials setting."""
    if user is None or not user.is_authenticated:
        return False
    return user.has_role(Role.ADMIN) or (MANAGE_MATERIALS(user) and user.unit is None)


class _Online:
    offering = None  # training.learning.online_models.OnlineOffering
    enrolment = None  # training.learning.online_models.OnlineEnrolment


def use_online_enrolments(offering_table, enrolment_table) -> None:
    """Called by ``training.learning.online_models``: the online offering and its
    enrolments."""
    _Online.offering, _Online.enrolment = offering_table, enrolment_table


def session_course_ids(person_id: int | None) -> Select:
    """SELECT of (course id, cycle id) of the sessions the person holds a place in."""
    sessions = session_table()
    enrolments, active = enrolment_table()
    return (
        select(sessions.course_id, sessions.cycle_id)
        .join(enrolments, enrolments.session_id == sessions.id)
        .where(enrolments.person_id == person_id, enrolments.status.in_(active))
    )


def online_course_ids(person_id: int | None) -> Select | None:
    """SELECT of (course id, cycle id) of the online offerings the person is enrolled in."""
    offering, enrolment = _Online.offering, _Online.enrolment
    if offering is None:
        return None
    return (
        select(offering.course_id, offering.cycle_id)
        .join(enrolment, enrolment.offering_id == offering.id)
        .where(enrolment.person_id == person_id)
    )


def taking_part(person_id: int | None) -> Select | CompoundSelect:
    """(course id, cycle id) of the sessions and online offerings the person takes part in."""
    online = online_course_ids(person_id)
    sessions = session_course_ids(person_id)
    return sessions if online is None else union(sessions, online)


def participant_course_ids(person_id: int | None) -> Select:
    """SELECT of the ids of the courses the person takes part in (see the module doc)."""
    rows = taking_part(person_id).subquery()
    return select(rows.c.course_id).distinct()


def takes_part_in(person_id: int | None, course, cycle_id: int | None = None) -> bool:
    """Whether the person takes part in ``course`` (their progress is recorded); of its
    cycle ``cycle_id`` only (a session or an online offering of that cycle) when given."""
    if person_id is None:
        return False
    rows = taking_part(person_id).subquery()
    stmt = select(rows.c.course_id).where(rows.c.course_id == course.id)
    if cycle_id is not None:
        stmt = stmt.where(rows.c.cycle_id == cycle_id)
    return db.session.scalar(stmt.limit(1)) is not None


def may_see_materials(user: Account | None, course) -> bool:
    """Open the course's modules and their files."""
    if user is None or not user.is_authenticated:
        return False
    if READ_PROGRAMME(user):
        return True
    return user.has_role(Role.PARTICIPANT) and takes_part_in(user.person_id, course)


def may_read_progress(user: Account | None) -> bool:
    """Open a course's progress table (its rows are cut to the viewer's scope)."""
    return READ_PROGRAMME(user)
