"""Account use cases: authenticate, change password. Callers commit."""

from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from training.auth.models import User
from training.errors import RuleViolation
from training.extensions import db


def authenticate(username: str, password: str, now: datetime | None = None) -> User:
    """Return the active user with these credentials or raise RuleViolation."""
    user = db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )
    if user is None or not user.is_active or not user.check_password(password):
        raise RuleViolation(_("Nama pengguna atau kata sandi salah."))
    user.last_login_at = now or datetime.now(UTC)
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise RuleViolation(_("Kata sandi sekarang salah."))
    if new == current:
        raise RuleViolation(_("Kata sandi baru harus berbeda dari yang lama."))
    user.set_password(new)
