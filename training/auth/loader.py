"""The session user loader: the signed-in account of a cookie session."""

from __future__ import annotations

from training.auth.models import User
from training.extensions import db
from training.security.sessions import session_matches


def load_user(user_id: str) -> User | None:
    """The session's user, unless the account is inactive or the session has ended."""
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or not session_matches(user):
        return None
    return user
