"""E-mails of sign-in accounts, queued in the outbox (sent by ``send-outbox`` or the outbox
page; without MAIL_SERVER they wait there): activation codes and password reset links."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import insert

from training.auth.codes import format_code
from training.certificates.models import OutboxMessage
from training.core.tabular import batches
from training.extensions import db

ACTIVATION = "activation"
PASSWORD_RESET = "password_reset"


def public_url(endpoint: str, **values) -> str:
    """An absolute address of the app: PUBLIC_BASE_URL when set, else the request's.

    Outside a request (the command line, a job worker) only PUBLIC_BASE_URL can say where
    the app is; without it the address is the path alone."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if not has_request_context():
        with current_app.test_request_context():
            return base + url_for(endpoint, **values)
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def activation_body(full_name: str, username: str, code: str, until: str) -> str:
    return _(
        "Yth. %(name)s,\n\nAkun Presisi Training Anda sudah dibuat. Nama pengguna: %(user)s.\n"
        "Kode aktivasi: %(code)s (sekali pakai, berlaku sampai %(until)s).\n\n"
        "Buka %(link)s, isi NRP/NIP dan kode itu, lalu buat kata sandi Anda sendiri.\n",
        name=full_name,
        user=username,
        code=format_code(code),
        until=until,
        link=public_url("signin.activate"),
    )


def queue_activations(rows, codes: dict[int, str], until: str, now=None) -> int:
    """Queue one activation e-mail per (user id, person id, name, username, e-mail) row
    that has an address and a code; return how many."""
    now = now or datetime.now(UTC)
    messages = [
        {
            "kind": ACTIVATION,
            "recipient": email,
            "subject": _("Aktivasi akun Presisi Training"),
            "body": activation_body(name, username, codes[user_id], until),
            "person_id": person_id,
            "created_at": now,
        }
        for user_id, person_id, name, username, email in rows
        if email and user_id in codes
    ]
    for chunk in batches(messages, 1000):
        db.session.execute(insert(OutboxMessage), chunk)
    return len(messages)


def queue_reset(user, email: str, token: str, minutes: int) -> None:
    body = _(
        "Yth. %(name)s,\n\nAda permintaan mengganti kata sandi akun %(user)s. Buka tautan ini "
        "dalam %(minutes)d menit untuk membuat kata sandi baru (sekali pakai):\n%(link)s\n\n"
        "Jika Anda tidak memintanya, abaikan email ini; kata sandi Anda tidak berubah.\n",
        name=user.person.full_name if user.person else user.username,
        user=user.username,
        minutes=minutes,
        link=public_url("signin.reset", token=token),
    )
    message = OutboxMessage(
        kind=PASSWORD_RESET,
        recipient=email,
        subject=_("Ganti kata sandi Presisi Training"),
        body=body,
        person_id=user.person_id,
        created_at=datetime.now(UTC),
    )
    db.session.add(message)
