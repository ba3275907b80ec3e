"""Personal API tokens: issue, revoke, and authenticate `/api/` requests by bearer token.

Only a SHA-256 hash and a short prefix are stored; the secret is shown once.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import Request, current_app
from flask_babel import gettext as _
from sqlalchemy import select

from training.auth.models import ApiToken, User
from training.auth.services import AccountError
from training.extensions import db, login_manager

TOKEN_PREFIX = "pt_"
PREFIX_LENGTH = 10
MAX_DAYS = 365


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(
    user: User, name: str, days: int | None = None, *, now: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the secret (shown once)."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise AccountError(_("Nama token wajib diisi, paling panjang 80 karakter."), "name")
    if days is None:
        days = current_app.config["API_TOKEN_DAYS"]
    if not 1 <= days <= MAX_DAYS:
        raise AccountError(_("Masa berlaku token 1 sampai %(max)d hari.", max=MAX_DAYS), "days")
    now = now or datetime.now(UTC)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        token_hash=hash_token(secret),
        prefix=secret[:PREFIX_LENGTH],
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_token(token: ApiToken, *, now: datetime | None = None) -> None:
    if token.revoked_at is None:
        token.revoked_at = now or datetime.now(UTC)


def user_tokens(user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    query = select(ApiToken).where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def authenticate_token(secret: str, *, now: datetime | None = None) -> User | None:
    """The active owner of a usable token, marking the token as used; else None."""
    now = now or datetime.now(UTC)
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    token.last_used_at = now
    return token.user


def bearer_secret(request: Request) -> str | None:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


@login_manager.request_loader
def load_user_from_request(request: Request) -> User | None:
    """Flask-Login hook: bearer tokens count only on `/api/` paths."""
    if not request.path.startswith("/api/"):
        return None
    secret = bearer_secret(request)
    if secret is None:
        return None
    user = authenticate_token(secret)
    if user is not None:
        db.session.commit()  # this hook is an edge: it records last_used_at
    return user
