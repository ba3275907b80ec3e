"""Activation codes and password reset tokens: issue, check, redeem. Callers commit.

An activation code (16 characters, typed from a printed sheet or an e-mail) lets the person
of a provisioned account choose their password; a commander's reset issues a new one. A
reset token (a link sent by e-mail) lets a user who forgot their password choose a new one.
Both expire (``ACTIVATION_CODE_HOURS``, ``PASSWORD_RESET_MINUTES``), are used once, and a new
one replaces the account's unused ones. The secrets are returned once and stored hashed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select, update

from training.audit.services import entry, record, record_many
from training.auth import lockout
from training.auth.codes import (
    Purpose,
    SignInCode,
    digest,
    new_activation_code,
    new_reset_token,
    normalize_code,
)
from training.auth.models import User
from training.auth.services import CHANGED, AccountError, check_password_policy, find_user
from training.core.tabular import batches
from training.extensions import db
from training.people.models import Person


def _forget_unused(user_ids: list[int], now: datetime) -> None:
    """Unused codes of these accounts stop working (a new one replaces them)."""
    for chunk in batches(user_ids, 500):
        db.session.execute(
            delete(SignInCode).where(SignInCode.user_id.in_(chunk), SignInCode.used_at.is_(None))
        )


def issue_codes(
    user_ids: Iterable[int],
    *,
    lifetime: timedelta,
    actor: User | None = None,
    now: datetime | None = None,
    purpose: Purpose = Purpose.ACTIVATE,
) -> dict[int, str]:
    """A fresh activation code per account: {user id: code}; earlier unused ones end.

    Audited per account (never the code)."""
    now, ids = now or datetime.now(UTC), sorted(set(user_ids))
    _forget_unused(ids, now)
    codes = {uid: new_activation_code() if purpose == Purpose.ACTIVATE else new_reset_token()
             for uid in ids}  # fmt: skip
    expires = now + lifetime
    rows = [
        {"user_id": uid, "purpose": str(purpose), "code_hash": digest(code),
         "created_at": now, "expires_at": expires}
        for uid, code in codes.items()
    ]  # fmt: skip
    for chunk in batches(rows, 1000):
        db.session.execute(insert(SignInCode), chunk)
    after = {"purpose": str(purpose), "expires_at": expires.isoformat()}
    audits = [
        entry("user", "issue_code", user=actor, entity_id=u, after=after, now=now) for u in ids
    ]
    record_many(audits)
    return codes


def issue_reset_token(user: User, *, lifetime: timedelta, now: datetime | None = None) -> str:
    """A password reset token for ``user`` (the link's secret)."""
    return issue_codes([user.id], lifetime=lifetime, now=now, purpose=Purpose.RESET)[user.id]


def _invalid() -> AccountError:
    return AccountError(
        _(
            "Kode tidak berlaku: salah, sudah dipakai, atau sudah kedaluwarsa. "
            "Mintalah kode baru kepada komandan atau admin satuan Anda."
        ),
        "code",
    )


def find_code(secret: str, purpose: Purpose, now: datetime) -> SignInCode | None:
    """The usable code with this secret, or None."""
    if purpose == Purpose.ACTIVATE:
        secret = normalize_code(secret)
    if not secret:
        return None
    code = db.session.scalar(
        select(SignInCode).where(
            SignInCode.code_hash == digest(secret), SignInCode.purpose == str(purpose)
        )
    )
    if code is None or not code.is_usable(now) or not code.user.is_active:
        return None
    return code


def _redeem(code: SignInCode, password: str, now: datetime) -> User:
    """Mark the code used (once: a concurrent redemption loses) and set the password."""
    used = db.session.execute(
        update(SignInCode)
        .where(SignInCode.id == code.id, SignInCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if used != 1:
        raise _invalid()
    user = code.user
    user.set_password(password)  # the account's other sessions end (fingerprint)
    lockout.clear(user)
    return user


def _account_of(name: str) -> User | None:
    """The account named ``name``, else the account of the person with that NRP/NIP (an
    account typed by an admin under another name, given a new code by the commander)."""
    user = find_user(name)
    if user is not None:
        return user
    linked = select(User).join(Person, User.person_id == Person.id)
    return db.session.scalar(linked.where(Person.nrp == (name or "").strip()))


def activate(username: str, secret: str, password: str, *, now: datetime | None = None) -> User:
    """The person proves the code of their account (by NRP/NIP, or its username) and
    chooses a password."""
    now = now or datetime.now(UTC)
    user = _account_of(username)
    code = find_code(secret, Purpose.ACTIVATE, now)
    if user is None or code is None or code.user_id != user.id:
        raise _invalid()
    check_password_policy(password, user.username)
    user = _redeem(code, password, now)
    record("user", "activate", user=user, entity_id=user.id, after={"password": CHANGED}, now=now)
    return user


def reset_with_token(secret: str, password: str, *, now: datetime | None = None) -> User:
    """A user who forgot their password sets a new one with the e-mailed token."""
    now = now or datetime.now(UTC)
    code = find_code(secret, Purpose.RESET, now)
    if code is None:
        raise AccountError(
            _("Tautan ini tidak berlaku lagi (sudah dipakai atau kedaluwarsa). Mintalah lagi."),
            "password",
        )
    check_password_policy(password, code.user.username)
    user = _redeem(code, password, now)
    after = {"password": CHANGED}
    record("user", "reset_by_email", user=user, entity_id=user.id, after=after, now=now)
    return user
