"""SMTP sending of outbox messages (standard library smtplib, one connection per run)."""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


@dataclass(frozen=True)
class Letter:
    """What is sent of an outbox message: plain values, read before any mail goes out."""

    id: int
    recipient: str
    subject: str
    body: str
    #: Optional attachment: (file name, MIME type "text/calendar", content).
    attachment_name: str = ""
    attachment_type: str = ""
    attachment: bytes | None = None


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
        """Settings from the app config (empty values mean the default); None if no server."""

        def get(name: str, default=None):
            value = config.get(name)
            return default if value in (None, "") else value

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


def build_email(settings: MailSettings, message: Letter) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    email.set_content(message.body)
    if message.attachment_name and message.attachment is not None:
        maintype, _slash, subtype = (
            message.attachment_type or "application/octet-stream"
        ).partition("/")
        email.add_attachment(
            message.attachment, maintype=maintype, subtype=subtype, filename=message.attachment_name
        )
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


class Mailer:
    """One SMTP connection, opened at the first message and reused; reopened after a drop.

    A connection or login failure sets ``unreachable`` (the error text): the caller stops
    there, since every further message would fail the same way.
    """

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None
        self.unreachable: str | None = None

    def send(self, message: Letter) -> str | None:
        """Send one message: None when the server accepted it, else the error text."""
        if self.unreachable is not None:
            return self.unreachable
        if self.smtp is None:
            try:
                self.smtp = _connect(self.settings)
            except (smtplib.SMTPException, OSError, ValueError) as exc:
                self.unreachable = _describe(exc)
                return self.unreachable
        try:
            self.smtp.send_message(build_email(self.settings, message))
        except smtplib.SMTPServerDisconnected as exc:
            self.smtp = None  # reconnect for the next message
            return _describe(exc)
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            return _describe(exc)
        return None

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
