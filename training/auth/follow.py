"""Leavers and movers: an account follows its person at once.

Whatever changes a person (the edit form, an import, a command, the leaver action), the
linked account is brought in line in the same flush (a ``before_flush`` hook):
- a person marked inactive: the account is deactivated and every session of it ends; one
  marked active again (a returner): the account is active again;
- a person who moves unit or changes position: a commander's role and unit follow the new
  position (a kapolres moved to a staff post loses the commander role, and with it the old
  subtree, at once; one moved to head another unit commands that one); a regional trainer's
  unit follows the person (never left empty: that would make a national trainer).
Each change of an account is audited with its before and after.
"""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from training.audit.models import AuditEntry
from training.audit.services import diff, entry
from training.auth.models import User
from training.auth.provisioning import COMMANDING
from training.auth.services import account_fields
from training.people.models import Person
from training.policy.roles import Role
from training.security.sessions import end_sessions
from training.units.models import Unit


def _changed(person: Person) -> bool:
    state = inspect(person)
    return any(
        state.attrs[name].history.has_changes()
        for name in ("is_active", "unit", "unit_id", "position")
    )


def _returned(person: Person) -> bool:
    """Marked active again in this flush (a returner)."""
    history = inspect(person).attrs["is_active"].history
    return history.has_changes() and False in history.deleted


def _actor_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def _new_unit(session: Session, person: Person) -> Unit | None:
    if inspect(person).attrs.unit.history.has_changes():
        return person.unit
    return session.get(Unit, person.unit_id)


def follow(session: Session, user: User, person: Person) -> dict | None:
    """Bring ``user`` in line with ``person``; the audit row when anything changed."""
    before = account_fields(user)
    if not person.is_active and user.is_active:
        user.is_active = False
        end_sessions(user)
    elif person.is_active and not user.is_active and _returned(person):
        user.is_active = True  # a returner signs in again (their old sessions stay ended)
    unit = _new_unit(session, person)
    if user.has_role(Role.COMMANDER) or person.position in COMMANDING:
        if person.position in COMMANDING and person.is_active:
            user.set_roles(user.roles | {Role.COMMANDER})
            user.unit = unit
        else:
            user.set_roles(user.roles - {Role.COMMANDER} or {Role.PARTICIPANT})
            user.unit = None
    if user.has_role(Role.TRAINER) and user.unit is not None:
        user.unit = unit
    after = account_fields(user) | {"unit": unit.code if user.unit is not None else None}
    old, new = diff(before, after)
    if not new:
        return None
    return entry("user", "follow_person", user=_actor_id(), entity_id=user.id,
                 person_id=person.id, before=old, after=new)  # fmt: skip


def _before_flush(session: Session, _context, _instances) -> None:
    people = {p.id: p for p in session.dirty if isinstance(p, Person) and p.id and _changed(p)}
    if not people:
        return
    with session.no_autoflush:
        users = session.scalars(select(User).where(User.person_id.in_(people))).all()
        for user in users:
            row = follow(session, user, people[user.person_id])
            if row is not None:
                session.add(AuditEntry(**row))


def init_app() -> None:
    """Listen on every session (once)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
