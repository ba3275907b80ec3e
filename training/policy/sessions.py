"""Who may see and who may manage a training session.

Seeing a session is not managing it (editing, cancelling, the roll call, the projector and
its codes, enrolling, assessing): ``may_manage_session`` is that one rule.

The session arguments are ``TrainingSession`` rows; this module does not import them (see
``training.policy``): the sessions package calls ``use_tables`` when its models exist.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, and_, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from training.core.paths import in_subtree, path_ids
from training.extensions import db
from training.policy.roles import Account, Role
from training.policy.rules import MANAGE_SESSIONS, READ_PROGRAMME
from training.policy.scope import Scope, scope_of, unit_clause, unit_table


class _Tables:
    session = None  # TrainingSession
    trainer = None  # SessionTrainer
    enrolment = None  # Enrollment
    active = ()  # the enrolment statuses that hold a place (enrolled, waitlisted)


def use_tables(session_table, trainer_table) -> None:
    """Called by ``training.sessions.models``: the session and session-trainer tables."""
    _Tables.session, _Tables.trainer = session_table, trainer_table


def use_enrolments(enrolment_table, active_statuses) -> None:
    """Called by ``training.sessions.enrollments``: the enrolment table and its active statuses."""
    _Tables.enrolment, _Tables.active = enrolment_table, tuple(active_statuses)


def session_table():
    """The TrainingSession table (for the other rules of this package)."""
    return _Tables.session


def enrolment_table():
    """(the Enrollment table, the statuses that hold a place) for the other rules here."""
    return _Tables.enrolment, _Tables.active


def session_clause(scope: Scope) -> ColumnElement[bool]:
    """SQL condition on TrainingSession: the sessions that concern ``scope``'s units.

    A session concerns a command when it is held inside it, or when its audience overlaps
    it: an audience unit inside the command, or above it (a Polda-wide tier-3 session
    concerns every Polres of that Polda).
    """
    if scope.everything:
        return true()
    if not scope.unit_paths:
        return false()
    sessions = _Tables.session
    inside = select(unit_table().id).where(unit_clause(scope))
    above = {i for path in scope.unit_paths for i in path_ids(path)}
    return or_(
        sessions.venue_unit_id.in_(inside),
        sessions.audience_unit_id.in_(inside),
        sessions.audience_unit_id.in_(sorted(above)),
    )


def can_see_session(scope: Scope, session) -> bool:
    """The same rule as session_clause, for one loaded session."""
    if scope.everything:
        return True
    audience = session.audience_unit
    return any(
        session.venue_unit.path.startswith(path)
        or (audience is not None and audience.path.startswith(path))
        or (audience is not None and path.startswith(audience.path))
        for path in scope.unit_paths
    )


def trained_session_ids(user: Account) -> Select:
    """SELECT of the ids of the sessions ``user`` is named trainer of (as an account, or
    as the person the account belongs to)."""
    trainers = _Tables.trainer
    mine = trainers.user_id == user.id
    if user.person_id is not None:
        mine = or_(mine, trainers.person_id == user.person_id)
    return select(trainers.session_id).where(mine)


def is_session_trainer(user: Account | None, session) -> bool:
    if user is None or not user.is_authenticated:
        return False
    trainers = _Tables.trainer
    stmt = trained_session_ids(user).where(trainers.session_id == session.id).limit(1)
    return db.session.scalar(stmt) is not None


def _commands(user: Account) -> str | None:
    """What ``user`` manages sessions of: "all", a unit path (a regional trainer), or None."""
    if user.has_role(Role.ADMIN) or (MANAGE_SESSIONS(user) and user.unit is None):
        return "all"
    if MANAGE_SESSIONS(user):
        return user.unit.path
    return None


def may_manage_session(user: Account | None, session) -> bool:
    """Edit, cancel, take the roll call, show the check-in codes, enrol and assess.

    Admins and national trainers manage every session; a regional trainer only sessions
    whose venue AND audience lie inside their command (a session aimed at the Polda above
    concerns them but is not theirs); anybody manages the sessions they are named trainer of.
    """
    if user is None or not user.is_authenticated:
        return False
    commands = _commands(user)
    if commands == "all":
        return True
    if commands is not None:
        audience = session.audience_unit
        if (
            session.venue_unit.path.startswith(commands)
            and audience is not None
            and audience.path.startswith(commands)
        ):
            return True
    return is_session_trainer(user, session)


def may_organise_session(user: Account | None, session) -> bool:
    """Reschedule, cancel, duplicate and change the enrolment of a session: those who manage
    it and hold the trainer role. A named trainer without that role (a commander who teaches
    a class) takes its roll call, shows its codes and assesses, but does not reorganise it:
    the session's own pages show them no button that leads to a refusal."""
    return MANAGE_SESSIONS(user) and may_manage_session(user, session)


def managed_session_clause(user: Account | None) -> ColumnElement[bool]:
    """The same rule as may_manage_session, as an SQL condition on TrainingSession."""
    if user is None or not user.is_authenticated:
        return false()
    commands = _commands(user)
    if commands == "all":
        return true()
    sessions = _Tables.session
    trained = sessions.id.in_(trained_session_ids(user))
    if commands is None:
        return trained
    units = unit_table()
    inside = select(units.id).where(in_subtree(commands, units.path))
    return or_(
        and_(
            sessions.venue_unit_id.in_(inside),
            sessions.audience_unit_id.in_(inside),
        ),
        trained,
    )


def may_see_session(user: Account | None, session) -> bool:
    """A session concerns the user's command, or the user is one of its trainers."""
    return can_see_session(scope_of(user), session) or is_session_trainer(user, session)


#: Take the roll call, show the check-in codes: the same people as manage the session.
may_take_attendance = may_manage_session

#: Record assessments on a session's grid: the same people as manage the session.
may_assess_session = may_manage_session

#: Start a response drill in a session, score its replies and finish it: the same people.
may_run_drill = may_manage_session


TAKE, READ = "take", "read"


def roll_call_access(user: Account | None, session) -> str | None:
    """TAKE the roll call (those who manage the session), READ it (the trainers and
    commanders the session concerns, e.g. one aimed at the unit above theirs), or None."""
    if may_take_attendance(user, session):
        return TAKE
    if READ_PROGRAMME(user) and may_see_session(user, session):
        return READ
    return None


def may_read_roll_call(user: Account | None, session) -> bool:
    return roll_call_access(user, session) is not None


def own_sessions_clause(person_id: int | None, user_id: int | None) -> ColumnElement[bool]:
    """SQL condition on TrainingSession: sessions the person is enrolled or waitlisted in or
    trains, or the account trains."""
    sessions, trainers, enrolments = _Tables.session, _Tables.trainer, _Tables.enrolment
    conditions = []
    if person_id is not None:
        enrolled = select(enrolments.session_id).where(
            enrolments.person_id == person_id, enrolments.status.in_(_Tables.active)
        )
        conditions.append(sessions.id.in_(enrolled))
        trains = select(trainers.session_id).where(trainers.person_id == person_id)
        conditions.append(sessions.id.in_(trains))
    if user_id is not None:
        trains = select(trainers.session_id).where(trainers.user_id == user_id)
        conditions.append(sessions.id.in_(trains))
    return or_(*conditions) if conditions else false()


def calendar_session_clause(
    scope: Scope, user_id: int | None = None, person_id: int | None = None
) -> ColumnElement[bool]:
    """SQL condition on TrainingSession: the sessions shown in one's calendars (drafts
    included; callers drop them): those concerning ``scope``, plus one's own (enrolled,
    waitlisted or trained, as the person ``person_id`` or the account ``user_id``)."""
    if scope.everything:
        return true()
    conditions = []
    if scope.unit_paths:
        conditions.append(session_clause(scope))
    person_ids = set(scope.person_ids)
    if person_id is not None:
        person_ids.add(person_id)
    for one in sorted(person_ids):
        conditions.append(own_sessions_clause(one, None))
    if user_id is not None:
        conditions.append(own_sessions_clause(None, user_id))
    return or_(*conditions) if conditions else false()


def session_or_404(scope: Scope, session_id: int):
    """The session ``session_id`` if it concerns ``scope``; 404 for unknown and unseen ones."""
    session = db.session.get(_Tables.session, session_id)
    if session is None or not can_see_session(scope, session):
        abort(404)
    return session


def session_to_see_or_404(user: Account, session_id: int):
    session = db.session.get(_Tables.session, session_id)
    if session is None or not may_see_session(user, session):
        abort(404)
    return session


def session_to_manage_or_404(user: Account, session_id: int):
    """404 for unknown and unseen sessions, 403 for sessions seen but not managed."""
    session = session_to_see_or_404(user, session_id)
    if not may_manage_session(user, session):
        abort(403)
    return session
