"""The session user loader: the signed-in account of a cookie session."""

from __future__ import annotations

from sqlalchemy.orm import joinedload

from training.auth.models import User
from training.extensions import db
from training.security.sessions import session_matches

#: Everything a page asks of the signed-in account (roles for the menu and the guards, the
#: unit for the scope, the person for the participant's pages) in one statement, instead
#: of one for the account, one for its roles and one each for its unit and person.
_WITH_ROLES_UNIT_PERSON = (
    joinedload(User.role_rows),
    joinedload(User.unit),
    joinedload(User.person),
)


def load_user(user_id: str) -> User | None:
    """The session's user, unless the account is inactive or the session has ended.

    Flask-Login calls this once per request (it keeps the user on ``g``); the session
    fingerprint is checked against the row read now, so a logout or password change
    elsewhere ends this session at its next request."""
    user = db.session.get(User, int(user_id), options=_WITH_ROLES_UNIT_PERSON)
    if user is None or not user.is_active or not session_matches(user):
        return None
    return user
