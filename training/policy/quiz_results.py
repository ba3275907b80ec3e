"""Whose quiz attempts one reads on a quiz's results page (``rules.READ_QUIZ_RESULTS``).

Admins and national trainers (trainers without a unit) read everyone's. A trainer attached
to a unit reads the people enrolled (or waitlisted) in the sessions of the quiz's course they
are named trainer of (as an account or as the person it belongs to); a commander the people
of the unit they command and below. One account holding several roles reads the union.
Participants read only their own attempts, on their review pages: the results page is not
theirs.

Like ``policy.sessions`` this module imports no feature model: it reads the session,
enrolment and person tables handed over to it.
"""

from __future__ import annotations

from sqlalchemy import false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from training.policy.commanders import commanded_unit
from training.policy.roles import Account, Role
from training.policy.rules import READ_QUIZ_RESULTS
from training.policy.scope import Scope, person_clause
from training.policy.sessions import enrolment_table, session_table, trained_session_ids


def reads_every_result(user: Account | None) -> bool:
    """Admins and national trainers: every person's attempts."""
    if not READ_QUIZ_RESULTS(user):
        return False
    return user.has_role(Role.ADMIN) or (user.has_role(Role.TRAINER) and user.unit is None)


def results_person_clause(user: Account | None, course_id: int, person_id) -> ColumnElement:
    """SQL condition on Person (and ``person_id``, the attempts' person column): the people
    whose attempts at a quiz of ``course_id`` the user reads (see the module doc)."""
    if not READ_QUIZ_RESULTS(user):
        return false()
    if reads_every_result(user):
        return true()
    conditions = []
    if user.has_role(Role.TRAINER):
        sessions = session_table()
        enrolments, active = enrolment_table()
        trained = (
            select(enrolments.person_id)
            .join(sessions, sessions.id == enrolments.session_id)
            .where(
                sessions.course_id == course_id,
                sessions.id.in_(trained_session_ids(user)),
                enrolments.status.in_(active),
            )
        )
        conditions.append(person_id.in_(trained))
    unit = commanded_unit(user)
    if unit is not None:
        conditions.append(person_clause(Scope(unit_paths=(unit.path,))))
    return or_(*conditions) if conditions else false()
