"""Delivering notifications: in the app and by e-mail through the outbox, as each user chose.

A handler hands ``deliver`` one ``Notice`` per recipient: the kind, the items it is about
(sessions, certificates...) and a ``render(items)`` giving the ``Message``. Each message is
written in its recipient's language. Notices of the same recipient, kind and ``group`` (e.g.
the meetings of one series) delivered in one transaction become ONE notification and one
e-mail listing every item: booking a four-meeting series says so once, with one .ics.
Nothing commits here; the caller's transaction carries the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from training.auth.models import User
from training.certificates.models import OutboxMessage
from training.extensions import db
from training.notifications.kinds import outbox_kind
from training.notifications.models import Notification, NotificationPreference
from training.people.models import Person


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    #: Path of the object ("/jadwal-saya"), "" for none.
    link: str = ""
    #: (file name, MIME type, content), e.g. ("sesi.ics", "text/calendar", b"...").
    attachment: tuple[str, str, bytes] | None = None


@dataclass
class Notice:
    user_id: int
    kind: str
    items: list
    render: Callable[[list], Message]
    #: Notices with the same (user, kind, group) in one transaction merge; None never merges.
    group: str | None = None
    #: A notice with a key comes once per user (reminders): an existing key is skipped.
    key: str | None = None


@dataclass
class _Pending:
    notice: Notice
    locale: str
    email: str
    rows: list = field(default_factory=list)  # the Notification and/or OutboxMessage


def path_for(endpoint: str, **values) -> str:
    """A site-relative URL, also outside a request (CLI reminders)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def _absolute(path: str) -> str:
    if not path:
        return ""
    if has_request_context():
        return request.host_url.rstrip("/") + path
    return (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/") + path


def _pending() -> dict:
    """This transaction's delivered notices by (user, kind, group): reset on a new one."""
    session = db.session()  # the request's Session (the scoped proxy has no transactions)
    transaction = session.get_transaction()
    held = session.info.get("notify_pending")
    if held is None or held[0] is not transaction:
        held = (transaction, {})
        session.info["notify_pending"] = held
    return held[1]


def _recipients(user_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """user id -> (locale, e-mail address or ""), active accounts only (one statement)."""
    stmt = (
        select(User.id, User.locale, Person.email)
        .outerjoin(Person, User.person_id == Person.id)
        .where(User.id.in_(user_ids), User.is_active.is_(True))
    )
    return {
        uid: (locale or "id", (email or "").strip())
        for uid, locale, email in db.session.execute(stmt)
    }


def _channels(user_ids: Sequence[int], kinds: set[str]) -> dict[tuple[int, str], tuple[bool, bool]]:
    """(user id, kind) -> (in app, e-mail) for the users who changed the default (all on)."""
    stmt = select(
        NotificationPreference.user_id,
        NotificationPreference.kind,
        NotificationPreference.in_app,
        NotificationPreference.email,
    ).where(NotificationPreference.user_id.in_(user_ids), NotificationPreference.kind.in_(kinds))
    return {(uid, kind): (in_app, email) for uid, kind, in_app, email in db.session.execute(stmt)}


def _taken_keys(notices: list[Notice]) -> set[tuple[int, str]]:
    keys = {n.key for n in notices if n.key}
    if not keys:
        return set()
    stmt = select(Notification.user_id, Notification.key).where(Notification.key.in_(keys))
    return set(db.session.execute(stmt).all())


def deliver(notices: list[Notice], now: datetime) -> int:
    """Write the notices (in-app rows and outbox e-mails); return how many users were told."""
    if not notices:
        return 0
    user_ids = sorted({n.user_id for n in notices})
    people = _recipients(user_ids)
    chosen = _channels(user_ids, {n.kind for n in notices})
    taken = _taken_keys(notices)
    pending = _pending()
    told = 0
    for notice in notices:
        if notice.user_id not in people or (notice.user_id, notice.key) in taken:
            continue
        merge_key = (notice.user_id, notice.kind, notice.group)
        held = pending.get(merge_key) if notice.group is not None else None
        if held is not None:
            known = {id(item) for item in held.notice.items}
            held.notice.items.extend(i for i in notice.items if id(i) not in known)
            _write(held, chosen, now)
            continue
        locale, email = people[notice.user_id]
        held = _Pending(notice=notice, locale=locale, email=email)
        if _write(held, chosen, now) and notice.group is not None:
            pending[merge_key] = held
        told += bool(held.rows)
    return told


def _write(held: _Pending, chosen: dict, now: datetime) -> bool:
    """Render ``held`` in its recipient's language; create or update its rows."""
    notice = held.notice
    in_app, by_mail = chosen.get((notice.user_id, notice.kind), (True, True))
    by_mail = by_mail and bool(held.email)
    if not (in_app or by_mail):
        return False
    record = in_app or notice.key is not None  # a keyed notice leaves its mark
    with force_locale(held.locale):
        message = notice.render(notice.items)
        mail_body = _mail_body(message) if by_mail else ""
    if not held.rows:
        if record:
            held.rows.append(
                Notification(
                    user_id=notice.user_id, kind=notice.kind, in_app=in_app, created_at=now
                )
            )
        if by_mail:
            held.rows.append(
                OutboxMessage(kind=outbox_kind(notice.kind), recipient=held.email, created_at=now)
            )
        db.session.add_all(held.rows)
    for row in held.rows:
        if isinstance(row, Notification):
            row.title, row.body, row.link, row.key = (
                message.title[:300],
                message.body,
                message.link,
                notice.key,
            )
        else:
            row.subject, row.body = message.title[:300], mail_body
            name, kind, data = message.attachment or ("", "", None)
            row.attachment_name, row.attachment_type, row.attachment = name, kind, data
    return True


def _mail_body(message: Message) -> str:
    parts = [message.body]
    if message.link:
        parts.append(_("Buka: %(url)s", url=_absolute(message.link)))
    parts.append(
        _(
            "Pesan ini dikirim otomatis oleh Presisi Training. Atur pemberitahuan Anda di %(url)s",
            url=_absolute(path_for("notifications.preferences")),
        )
    )
    return "\n\n".join(p for p in parts if p)
