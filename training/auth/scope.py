"""The one place that decides which units and people a user may see.

Every view, query and API endpoint filters through these functions:
- admin, and a trainer without a unit: the whole tree (national trainers);
- commander, and a trainer attached to a unit (a regional trainer): that unit and every
  unit below it (one range condition on Unit.path);
- participant: only their own person record.
A user holding several roles sees the union.

Seeing a session is not managing it (editing, cancelling, the roll call, the projector and
its codes, enrolling, assessing): ``may_manage_session`` is that one rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, and_, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from training.auth.models import Role, User
from training.extensions import db
from training.people.models import Person
from training.sessions.models import SessionTrainer, TrainingSession
from training.units.models import Unit, in_subtree, path_ids


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    #: Path prefixes of the subtrees this user commands.
    unit_paths: tuple[str, ...] = ()
    #: People visible one by one (the participant's own record).
    person_ids: tuple[int, ...] = ()

    @property
    def sees_units(self) -> bool:
        return self.everything or bool(self.unit_paths)


def scope_of(user: User | None) -> Scope:
    """Return what ``user`` may see; anonymous users see nothing."""
    if user is None or not user.is_authenticated:
        return Scope()
    if user.has_role(Role.ADMIN):
        return Scope(everything=True)
    if user.has_role(Role.TRAINER) and user.unit is None:
        return Scope(everything=True)  # a national trainer
    paths = ()
    if user.has_role(Role.COMMANDER, Role.TRAINER) and user.unit is not None:
        paths = (user.unit.path,)
    people = ()
    if user.has_role(Role.PARTICIPANT) and user.person_id is not None:
        people = (user.person_id,)
    return Scope(unit_paths=paths, person_ids=people)


def unit_clause(scope: Scope) -> ColumnElement[bool]:
    """SQL condition on Unit selecting the units inside ``scope``."""
    if scope.everything:
        return true()
    if not scope.unit_paths:
        return false()
    return or_(*(in_subtree(path) for path in scope.unit_paths))


def person_clause(scope: Scope) -> ColumnElement[bool]:
    """SQL condition on Person selecting the people inside ``scope``."""
    if scope.everything:
        return true()
    conditions = []
    if scope.unit_paths:
        units = select(Unit.id).where(unit_clause(scope))
        conditions.append(Person.unit_id.in_(units))
    if scope.person_ids:
        conditions.append(Person.id.in_(scope.person_ids))
    return or_(*conditions) if conditions else false()


def can_see_unit(scope: Scope, unit: Unit) -> bool:
    return scope.everything or any(unit.path.startswith(p) for p in scope.unit_paths)


def can_see_person(scope: Scope, person: Person) -> bool:
    return person.id in scope.person_ids or can_see_unit(scope, person.unit)


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
    inside = select(Unit.id).where(unit_clause(scope))
    above = {i for path in scope.unit_paths for i in path_ids(path)}
    return or_(
        TrainingSession.venue_unit_id.in_(inside),
        TrainingSession.audience_unit_id.in_(inside),
        TrainingSession.audience_unit_id.in_(sorted(above)),
    )


def can_see_session(scope: Scope, session: TrainingSession) -> bool:
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


def trained_session_ids(user: User) -> Select:
    """SELECT of the ids of the sessions ``user`` is named trainer of (as an account, or
    as the person the account belongs to)."""
    mine = SessionTrainer.user_id == user.id
    if user.person_id is not None:
        mine = or_(mine, SessionTrainer.person_id == user.person_id)
    return select(SessionTrainer.session_id).where(mine)


def is_session_trainer(user: User | None, session: TrainingSession) -> bool:
    if user is None or not user.is_authenticated:
        return False
    stmt = trained_session_ids(user).where(SessionTrainer.session_id == session.id).limit(1)
    return db.session.scalar(stmt) is not None


def _commands(user: User) -> str | None:
    """What ``user`` manages sessions of: "all", a unit path (a regional trainer), or None."""
    if user.has_role(Role.ADMIN) or (user.has_role(Role.TRAINER) and user.unit is None):
        return "all"
    if user.has_role(Role.TRAINER):
        return user.unit.path
    return None


def may_manage_session(user: User | None, session: TrainingSession) -> bool:
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


def managed_session_clause(user: User | None) -> ColumnElement[bool]:
    """The same rule as may_manage_session, as an SQL condition on TrainingSession."""
    if user is None or not user.is_authenticated:
        return false()
    commands = _commands(user)
    if commands == "all":
        return true()
    trained = TrainingSession.id.in_(trained_session_ids(user))
    if commands is None:
        return trained
    inside = select(Unit.id).where(in_subtree(commands))
    return or_(
        and_(
            TrainingSession.venue_unit_id.in_(inside),
            TrainingSession.audience_unit_id.in_(inside),
        ),
        trained,
    )


def may_see_session(user: User | None, session: TrainingSession) -> bool:
    """A session concerns the user's command, or the user is one of its trainers."""
    return can_see_session(scope_of(user), session) or is_session_trainer(user, session)


def session_to_see_or_404(user: User, session_id: int) -> TrainingSession:
    session = db.session.get(TrainingSession, session_id)
    if session is None or not may_see_session(user, session):
        abort(404)
    return session


def session_to_manage_or_404(user: User, session_id: int) -> TrainingSession:
    """404 for unknown and unseen sessions, 403 for sessions seen but not managed."""
    session = session_to_see_or_404(user, session_id)
    if not may_manage_session(user, session):
        abort(403)
    return session


def unit_or_404(scope: Scope, code: str) -> Unit:
    """Load a unit by code, answering 404 for unknown codes and for units out of scope."""
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None or not can_see_unit(scope, unit):
        abort(404)
    return unit


def person_or_404(scope: Scope, person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None or not can_see_person(scope, person):
        abort(404)
    return person
