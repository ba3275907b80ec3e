"""Certificate verification codes: made, typed, read aloud, looked up; the public URL."""

from __future__ import annotations

import base64
import re
import secrets

from flask import url_for
from sqlalchemy import select

from training.certificates.models import Certificate
from training.extensions import db

CODE_BYTES = 10  # 80 random bits -> 16 base32 characters
_NOT_CODE = re.compile(r"[^A-Z2-7]")


def new_verify_code() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


def normalize_code(text: str | None) -> str:
    """A typed code: case-insensitive, spaces, dashes and other separators ignored."""
    return _NOT_CODE.sub("", (text or "").upper())[:40]


def format_code(code: str) -> str:
    """Groups of four for reading aloud: ABCD-EFGH-IJKL-MNOP."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def mask_nrp(nrp: str) -> str:
    """All but the last three digits hidden."""
    return "•" * max(len(nrp) - 3, 0) + nrp[-3:]


def verify_url(cert: Certificate) -> str:
    """Absolute URL of the public verification page."""
    return url_for("verify.show", code=cert.verify_code, _external=True)


def by_code(text: str | None) -> Certificate | None:
    code = normalize_code(text)
    if not code:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.verify_code == code))
