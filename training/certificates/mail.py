"""SMTP sending of outbox messages (standard library smtplib, one connection per batch)."""

from __future__ import annotations

import os
import smtplib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from training.certificates.models import OutboxMessage


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


@dataclass(frozen=True)
class MailSettings:
    server: str
    port: int = 25
    use_tls: bool = False
    use_ssl: bool = False
    username: str = ""
    password: str = ""
    sender: str = "presisi-training@localhost"
    timeout: float = 30.0

    @classmethod
    def from_config(cls, config: Mapping) -> MailSettings | None:
        """Settings from the app config, falling back to the environment; None if no server."""

        def get(name: str, default=None):
            value = config.get(name)
            return os.environ.get(name, default) if value in (None, "") else value

        server = (get("MAIL_SERVER") or "").strip()
        if not server:
            return None
        use_ssl = _truthy(get("MAIL_USE_SSL", False))
        return cls(
            server=server,
            port=int(get("MAIL_PORT", 465 if use_ssl else 25)),
            use_tls=_truthy(get("MAIL_USE_TLS", False)),
            use_ssl=use_ssl,
            username=get("MAIL_USERNAME", "") or "",
            password=get("MAIL_PASSWORD", "") or "",
            sender=get("MAIL_SENDER", "") or cls.sender,
            timeout=float(get("MAIL_TIMEOUT", 30.0)),
        )


def build_email(settings: MailSettings, message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    email.set_content(message.body)
    return email


def _connect(settings: MailSettings) -> smtplib.SMTP:
    if settings.use_ssl:
        smtp = smtplib.SMTP_SSL(settings.server, settings.port, timeout=settings.timeout)
    else:
        smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
    try:
        if settings.use_tls and not settings.use_ssl:
            smtp.starttls()
        if settings.username:
            smtp.login(settings.username, settings.password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def send_all(
    settings: MailSettings, messages: Iterable[OutboxMessage]
) -> Iterator[tuple[OutboxMessage, str | None]]:
    """Send each message; yield it with None when accepted, or the error text.

    A connection or login failure marks every message failed with that error; a refused
    recipient fails only its message. A dropped connection is reopened once per message.
    """
    messages = list(messages)
    if not messages:
        return
    smtp: smtplib.SMTP | None = None
    try:
        for index, message in enumerate(messages):
            try:
                if smtp is None:
                    smtp = _connect(settings)
                smtp.send_message(build_email(settings, message))
            except smtplib.SMTPServerDisconnected as exc:
                smtp = None  # reconnect for the next message
                yield message, _describe(exc)
            except (smtplib.SMTPException, OSError, ValueError) as exc:
                if smtp is None:
                    # cannot reach or log into the server: the rest would fail the same way
                    for rest in messages[index:]:
                        yield rest, _describe(exc)
                    return
                yield message, _describe(exc)
            else:
                yield message, None
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()
