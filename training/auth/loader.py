"""The session user loader: the signed-in account of a cookie session."""

from __future__ import annotations

from collections.abc import Callable

from flask import g
from sqlalchemy import ColumnElement, bindparam, select
from sqlalchemy.orm import joinedload

from training.auth.models import User
from training.extensions import db
from training.people.models import Person
from training.security.sessions import session_matches

#: Everything a page asks of the signed-in account (roles for the menu and the guards, the
#: unit for the scope, the person and their unit for the participant's pages and the
#: viewer's time zone) in one statement, instead of one each for the account, its roles,
#: its unit, its person and the person's unit.
_WITH_ROLES_UNIT_PERSON = (
    joinedload(User.role_rows),
    joinedload(User.unit),
    joinedload(User.person).joinedload(Person.unit),
)

#: Per-request figures of the account that a feature above ``auth`` reads on every page
#: (the bell's unread count), read in the same statement: ``g`` name -> a function of the
#: account's id column giving a scalar subquery. Handed over with ``read_with_account``.
_EXTRAS: dict[str, Callable[[ColumnElement], ColumnElement]] = {}
#: The statement, built once: building it (options, subqueries) and its cache key on every
#: request cost ~0.3 ms of the loader's ~1.1 ms CPU.
_BUILT: dict[str, tuple] = {}


def read_with_account(g_name: str, column: Callable[[ColumnElement], ColumnElement]) -> None:
    """Read ``column(User.id)`` with the signed-in account and keep it as ``g.<g_name>``
    for the request (the feature reads it from there and drops it when it changes it)."""
    _EXTRAS[g_name] = column
    _BUILT.clear()


def _statement():
    """(statement, names of the extra columns), built on first use."""
    built = _BUILT.get("account")
    if built is None:
        names = list(_EXTRAS)
        stmt = (
            select(User, *(_EXTRAS[name](User.id).label(name) for name in names))
            .options(*_WITH_ROLES_UNIT_PERSON)
            .where(User.id == bindparam("user_id"))
        )
        built = _BUILT["account"] = (stmt, names)
    return built


def load_user(user_id: str) -> User | None:
    """The session's user, unless the account is inactive or the session has ended.

    Flask-Login calls this once per request (it keeps the user on ``g``); the session
    fingerprint is checked against the row read now, so a logout or password change
    elsewhere ends this session at its next request."""
    stmt, names = _statement()
    row = db.session.execute(stmt, {"user_id": int(user_id)}).unique().first()
    if row is None:
        return None
    user = row[0]
    if not user.is_active or not session_matches(user):
        return None
    for name, value in zip(names, row[1:], strict=True):
        setattr(g, name, value)
    return user
