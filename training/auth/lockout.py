"""Account lockout after repeated failed sign-ins.

The counter and the lock live in the user's row (``failed_logins``, ``locked_until``) and
change in one atomic UPDATE, so every app process sees the same count and the same lock.
Callers commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, or_, update

from training.auth.models import User
from training.extensions import db


@dataclass(frozen=True)
class LockoutPolicy:
    #: Failed sign-ins in a row that lock the account.
    attempts: int = 5
    #: How long the lock lasts.
    minutes: int = 15

    @classmethod
    def from_config(cls, config: Mapping) -> LockoutPolicy:
        return cls(
            attempts=int(config.get("LOGIN_LOCKOUT_ATTEMPTS", cls.attempts)),
            minutes=int(config.get("LOGIN_LOCKOUT_MINUTES", cls.minutes)),
        )


def is_locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def record_failure(user: User, policy: LockoutPolicy, now: datetime) -> int | None:
    """Count one failed sign-in; lock the account when the count reaches the limit.

    Returns the new count, 0 when this failure locked the account (the count restarts
    with the lock, so after it the user again has ``policy.attempts`` tries), or None
    when the account was already locked (by a concurrent attempt): nothing is counted.
    """
    reaches_limit = User.failed_logins + 1 >= policy.attempts
    stmt = (
        update(User)
        .where(User.id == user.id)
        .where(or_(User.locked_until.is_(None), User.locked_until <= now))
        .values(
            failed_logins=case((reaches_limit, 0), else_=User.failed_logins + 1),
            locked_until=case(
                (reaches_limit, now + timedelta(minutes=policy.minutes)),
                else_=User.locked_until,
            ),
        )
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    )
    count = db.session.execute(stmt).scalar_one_or_none()
    db.session.expire(user, ["failed_logins", "locked_until"])
    return count


def clear(user: User) -> None:
    """Forget failed sign-ins and lift any lock (after a success, or by an administrator)."""
    user.failed_logins = 0
    user.locked_until = None
