"""Signed-in sessions end on the server side, not only in the browser.

At sign-in the session remembers a fingerprint of the account's password hash and session
version; the user loader (``training.auth.loader``) refuses a session whose fingerprint no
longer matches. So a cookie captured earlier stops working when the user logs out (logout
raises the version: every session of the account ends), when the password is changed or
reset elsewhere, or when an administrator deactivates the account. The session cookie is
signed, so the fingerprint cannot be forged. A user changing their own password keeps the
session they changed it in.

Responses to a signed-in request (session or API token) are never stored by browsers or
proxies: ``Cache-Control: no-store``, so personal pages and downloads do not outlive the
session in a shared computer's cache.
"""

import hashlib

from flask import Flask, Response, request, session

SESSION_KEY = "_pwf"
#: Endpoints served the same to everyone (cacheable even for a signed-in user).
PUBLIC_ENDPOINTS = {"static", "bootstrap.static"}


def fingerprint(user) -> str:
    """``user``: an account with ``password_hash`` and ``session_version``."""
    text = f"{user.password_hash}|{user.session_version}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def bind_session(user) -> None:
    """Tie this session to the account as it is now (after sign-in or a password change)."""
    session[SESSION_KEY] = fingerprint(user)


def end_sessions(user) -> None:
    """Every session of ``user`` ends at its next request (the caller commits)."""
    user.session_version = (user.session_version or 0) + 1


def session_matches(user) -> bool:
    """Whether this session was bound to ``user`` as the account is now (the user loader,
    in ``training.auth.loader``, refuses a session that does not match)."""
    return session.get(SESSION_KEY) == fingerprint(user)


def no_store_when_signed_in(response: Response) -> Response:
    """after_request: a signed-in request's answer is personal; no cache may keep it."""
    signed_in = "_user_id" in session or "Authorization" in request.headers
    if signed_in and request.endpoint not in PUBLIC_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response


def init_app(app: Flask) -> None:
    app.after_request(no_store_when_signed_in)
