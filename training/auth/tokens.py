"""Personal API tokens: issue, revoke, and authenticate `/api/` requests by bearer token.

Only a SHA-256 hash and a short prefix are stored; the secret is shown once and never
logged. Tokens expire (at most MAX_DAYS after issue) and carry scopes: the read-only API
serves only tokens with the "read" scope. The one write endpoint (``POST
/api/v1/accounts/<id>/mentions``, a monitoring tool's mention feed) serves only tokens with
the "write_mentions" scope, which only an admin grants (``issue_token(..., scopes=...)`` from
the user administration), and only to a user who may record mentions. A token is refused
(403) wherever its scopes do not reach.
"""

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

from flask import Request, current_app, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from training.audit.services import plain, record
from training.auth.models import ApiToken, User
from training.auth.services import AccountError
from training.extensions import db, login_manager
from training.policy import rules

TOKEN_PREFIX = "pt_"
PREFIX_LENGTH = 10
MAX_DAYS = 365
READ = "read"
WRITE_MENTIONS = "write_mentions"
#: Scopes a token may carry, with their labels.
SCOPES = {READ: _l("Baca data"), WRITE_MENTIONS: _l("Kirim mention (tulis)")}
#: The requests the write scope serves (and the only ones it serves).
_WRITE_PATH = re.compile(r"/api/v1/accounts/[0-9]+/mentions/?")


def needed_scope(request: Request) -> str:
    """The scope this `/api/` request needs: write_mentions for the mention feed, else read."""
    if request.method == "POST" and _WRITE_PATH.fullmatch(request.path):
        return WRITE_MENTIONS
    return READ


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(
    user: User,
    name: str,
    days: int | None = None,
    *,
    scopes=(READ,),
    now: datetime | None = None,
    actor: User | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the secret (shown once).

    Audited with its name, scopes and expiry, never its secret or hash."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise AccountError(_("Nama token wajib diisi, paling panjang 80 karakter."), "name")
    if days is None:
        days = current_app.config["API_TOKEN_DAYS"]
    if not 1 <= days <= MAX_DAYS:
        raise AccountError(_("Masa berlaku token 1 sampai %(max)d hari.", max=MAX_DAYS), "days")
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= set(SCOPES):
        raise AccountError(
            _("Cakupan token harus salah satu dari: %(scopes)s.", scopes=", ".join(SCOPES)),
            "scopes",
        )
    if WRITE_MENTIONS in scopes and not rules.RECORD_MENTIONS(user):
        raise AccountError(
            _("Cakupan tulis mention hanya untuk akun yang boleh mencatat mention (komandan)."),
            "scopes",
        )
    now = now or datetime.now(UTC)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        token_hash=hash_token(secret),
        prefix=secret[:PREFIX_LENGTH],
        created_at=now,
        expires_at=now + timedelta(days=days),
        scopes=scopes,
    )
    db.session.add(token)
    db.session.flush()
    after = {
        "owner": user.username,
        "name": name,
        "scopes": scopes,
        "expires_at": plain(token.expires_at),
    }
    record("api_token", "create", user=actor, entity_id=token.id, after=after, now=now)
    return token, secret


def revoke_token(
    token: ApiToken, *, now: datetime | None = None, actor: User | None = None
) -> None:
    if token.revoked_at is None:
        token.revoked_at = now or datetime.now(UTC)
        after = {"name": token.name, "revoked_at": plain(token.revoked_at)}
        record("api_token", "revoke", user=actor, entity_id=token.id, after=after, now=now)


def user_tokens(user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    query = select(ApiToken).where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def find_token(secret: str) -> ApiToken | None:
    """The token row with this secret, whatever its state; None if there is none."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    return db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))


def has_scope(token: ApiToken, scope: str) -> bool:
    return scope in (token.scopes or [])


def usable_token(secret: str, now: datetime) -> ApiToken | None:
    """The token if it is unrevoked, unexpired and its owner active; else None."""
    token = find_token(secret)
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    return token


def authenticate_token(secret: str, *, now: datetime | None = None) -> User | None:
    """The active owner of a usable token with the read scope, marking it used; else None."""
    now = now or datetime.now(UTC)
    token = usable_token(secret, now)
    if token is None or not has_scope(token, READ):
        return None
    token.last_used_at = now
    return token.user


def bearer_secret(request: Request) -> str | None:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _request_token() -> ApiToken | None:
    """The usable bearer token of this `/api/` request, looked up once per request."""
    key = "training.api_token"  # per request (an app context may outlive requests)
    if key not in request.environ:
        secret = bearer_secret(request)
        request.environ[key] = usable_token(secret, datetime.now(UTC)) if secret else None
    return request.environ[key]


def request_token() -> ApiToken | None:
    """The usable bearer token of this `/api/` request (None for a browser session)."""
    return _request_token() if request.path.startswith("/api/") else None


def refuse_tokens_without_read_scope():
    """before_request: a valid token that lacks the scope this request needs gets 403."""
    if not request.path.startswith("/api/"):
        return None
    token = _request_token()
    needed = needed_scope(request)
    if token is None or has_scope(token, needed):
        return None
    if needed == WRITE_MENTIONS:
        response = jsonify(
            error=_("Token API ini tidak memiliki cakupan tulis mention (write_mentions)."),
            message=_("Minta admin membuat token dengan cakupan tulis mention."),
        )
    else:
        response = jsonify(
            error=_("Token API ini tidak memiliki cakupan baca (read)."),
            message=_("Buat token baru dengan cakupan baca di halaman profil."),
        )
    response.status_code = 403
    return response


@login_manager.request_loader
def load_user_from_request(request: Request) -> User | None:
    """Flask-Login hook: bearer tokens count only on `/api/` paths."""
    if not request.path.startswith("/api/"):
        return None
    token = _request_token()
    if token is None or not has_scope(token, needed_scope(request)):
        return None
    token.last_used_at = datetime.now(UTC)
    db.session.commit()  # this hook is an edge: it records last_used_at
    return token.user
