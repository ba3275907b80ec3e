"""Which units and people a user may see.

Every view, query and API endpoint filters through these functions:
- admin, and a trainer without a unit: the whole tree (national trainers);
- commander, and a trainer attached to a unit (a regional trainer): that unit and every
  unit below it (one range condition on Unit.path);
- participant: only their own person record.
A user holding several roles sees the union.

Who may see and manage a training session: ``training.policy.sessions``.

The unit and person arguments are ``Unit`` and ``Person`` rows; this module does not import
them (see ``training.policy``): their models modules hand the tables over.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from training.core.paths import in_subtree
from training.extensions import db
from training.policy.roles import Account, Role


class _Tables:
    """The Unit and Person tables, handed over by their packages (which build on this one)."""

    unit = None  # training.units.models.Unit
    person = None  # training.people.models.Person


def use_unit_table(unit_table) -> None:
    """Called by ``training.units.models`` once ``Unit`` exists."""
    _Tables.unit = unit_table


def use_person_table(person_table) -> None:
    """Called by ``training.people.models`` once ``Person`` exists."""
    _Tables.person = person_table


def unit_table():
    """The Unit table (for the other rules of this package)."""
    return _Tables.unit


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


def scope_of(user: Account | None) -> Scope:
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
    return or_(*(in_subtree(path, _Tables.unit.path) for path in scope.unit_paths))


def person_clause(scope: Scope) -> ColumnElement[bool]:
    """SQL condition on Person selecting the people inside ``scope``."""
    if scope.everything:
        return true()
    conditions = []
    people = _Tables.person
    if scope.unit_paths:
        units = select(_Tables.unit.id).where(unit_clause(scope))
        conditions.append(people.unit_id.in_(units))
    if scope.person_ids:
        conditions.append(people.id.in_(scope.person_ids))
    return or_(*conditions) if conditions else false()


def can_see_unit(scope: Scope, unit) -> bool:
    return scope.everything or any(unit.path.startswith(p) for p in scope.unit_paths)


def can_see_person(scope: Scope, person) -> bool:
    return person.id in scope.person_ids or can_see_unit(scope, person.unit)


def visible_unit(scope: Scope, code: str):
    """The unit with ``code`` if ``scope`` sees it, else None (unknown and hidden alike)."""
    units = _Tables.unit
    unit = db.session.scalar(select(units).where(units.code == code))
    return unit if unit is not None and can_see_unit(scope, unit) else None


def unit_or_404(scope: Scope, code: str):
    """Load a unit by code, answering 404 for unknown codes and for units out of scope."""
    return visible_unit(scope, code) or abort(404)


def unit_not_found(code: str) -> str:
    """What a unit filter says of a code that is unknown or outside the reader's scope (the
    same words for both, so that it tells nothing about units out of scope)."""
    return _("Satuan %(c)s tidak ditemukan dalam lingkup Anda.", c=code)


def unit_filter(scope: Scope, code: str):
    """The unit a list's "Kode satuan" filter names, and the message for that field.

    No code: (None, None). A code unknown or outside ``scope``: (None, message), the same
    message for both, so that it tells nothing about units out of scope.
    """
    unit = visible_unit(scope, code) if code else None
    if code and unit is None:
        return None, unit_not_found(code)
    return unit, None


def person_or_404(scope: Scope, person_id: int):
    person = db.session.get(_Tables.person, person_id)
    if person is None or not can_see_person(scope, person):
        abort(404)
    return person
