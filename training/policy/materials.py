"""Who may see and who may change a course's materials, and whose progress one may read.

A course serves every region (its materials are the same for all), so changing them is for
admins and national trainers (trainers without a unit); a regional trainer reads them like
any staff member. Staff (``READ_PROGRAMME``) see every course's materials; a participant
sees those of the courses they take part in: enrolled or waitlisted in one of its sessions
(their progress is recorded; a named trainer is staff and reads them as such). Progress
pages list only the people of the viewer's scope (``person_clause``).

The course arguments are ``Course`` rows; this module does not import them (see
``training.policy``): it reads the session tables ``policy.sessions`` was handed.
"""

from __future__ import annotations

from sqlalchemy import Select, select

from training.extensions import db
from training.policy.roles import Account, Role
from training.policy.rules import MANAGE_MATERIALS, READ_PROGRAMME
from training.policy.sessions import enrolment_table, session_table


def may_manage_materials(user: Account | None) -> bool:
    """Change modules, files, links and the course's materials setting."""
    if user is None or not user.is_authenticated:
        return False
    return user.has_role(Role.ADMIN) or (MANAGE_MATERIALS(user) and user.unit is None)


def participant_course_ids(person_id: int | None) -> Select:
    """SELECT of the ids of the courses the person takes part in (see the module doc)."""
    sessions = session_table()
    enrolments, active = enrolment_table()
    return (
        select(sessions.course_id)
        .join(enrolments, enrolments.session_id == sessions.id)
        .where(enrolments.person_id == person_id, enrolments.status.in_(active))
        .distinct()
    )


def takes_part_in(person_id: int | None, course) -> bool:
    """Whether the person takes part in ``course`` (their progress is recorded)."""
    if person_id is None:
        return False
    stmt = participant_course_ids(person_id).where(session_table().course_id == course.id)
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
