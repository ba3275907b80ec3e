"""Signed-in sessions end when the account's password changes elsewhere.

At sign-in the session remembers a fingerprint of the password hash; a request whose
fingerprint no longer matches (the password was changed or reset since) is signed out.
The session cookie is signed, so the fingerprint cannot be forged. A user changing their
own password keeps the session they changed it in.
"""

import hashlib

from flask import Flask, request, session
from flask_login import current_user, logout_user

SESSION_KEY = "_pwf"
#: Endpoints that never need the user (no database lookup for them).
SKIPPED_ENDPOINTS = {"static", "bootstrap.static"}


def fingerprint(user) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def remember_password(user) -> None:
    """Tie this session to the user's current password (after sign-in or a change)."""
    session[SESSION_KEY] = fingerprint(user)


def end_stale_session() -> None:
    """before_request: sign out a session whose password has changed since sign-in."""
    if SESSION_KEY not in session or request.endpoint in SKIPPED_ENDPOINTS:
        return
    if current_user.is_authenticated and session[SESSION_KEY] != fingerprint(current_user):
        logout_user()
        session.pop(SESSION_KEY, None)


def init_app(app: Flask) -> None:
    app.before_request(end_stale_session)
