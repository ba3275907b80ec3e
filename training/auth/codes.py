"""One-time sign-in codes: activation codes (typed from a sheet or an e-mail) and password
reset tokens (a link in an e-mail).

Only a SHA-256 of each secret is stored; a code expires, is used once, and a new one of an
account replaces its unused ones. Callers commit.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.auth.models import User, utcnow
from training.core.types import UTCDateTime
from training.extensions import db

#: Activation codes: 10 random bytes = 16 base32 characters (80 bits), typed in groups of 4.
CODE_BYTES = 10
_NOT_CODE = re.compile(r"[^A-Z2-7]")


class Purpose(StrEnum):
    ACTIVATE = "activate"
    RESET = "reset"


class SignInCode(db.Model):
    __tablename__ = "signin_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    #: SHA-256 of the code or token; the secret itself is never stored.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.expires_at > now


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_activation_code() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


def new_reset_token() -> str:
    return secrets.token_urlsafe(32)


def normalize_code(text: str | None) -> str:
    """A typed activation code: case-insensitive, separators ignored."""
    return _NOT_CODE.sub("", (text or "").upper())[:40]


def format_code(code: str) -> str:
    """Groups of four for typing from paper: ABCD-EFGH-IJKL-MNOP."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
