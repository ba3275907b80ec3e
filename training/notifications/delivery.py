"""Delivering notifications: in the app and by e-mail through the outbox, as each user chose.

A handler hands ``deliver`` one ``Notice`` per recipient: the kind, the items it is about
(sessions, certificates...) and a ``render(items)`` giving the ``Message``. Each message (and
its e-mail) is written in its recipient's language (``User.locale``, days included), whatever
the language of the request, job or command that caused it: ``_compose`` calls the render
under ``force_locale``, once per language among the recipients of the same render and items
(not once per recipient). Notices of the same recipient, kind and ``group`` (e.g.
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
from sqlalchemy import bindparam, insert, select, update

from training.auth.models import User
from training.certificates.models import OutboxMessage
from training.extensions import db
from training.notifications.kinds import outbox_kind
from training.notifications.models import Notification, NotificationPreference
from training.notifications.queries import forget_unread
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
    #: Depends on the items and the language only: notices sharing it and their items are
    #: rendered once per language.
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
    #: ("notification" | "outbox", the row's values as written)
    rows: list = field(default_factory=list)


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


def _held() -> tuple:
    """(transaction, notices by (user, kind, group), memo) of the current transaction."""
    session = db.session()  # the request's Session (the scoped proxy has no transactions)
    transaction = session.get_transaction()
    held = session.info.get("notify_pending")
    if held is None or held[0] is not transaction:
        held = (transaction, {}, {})
        session.info["notify_pending"] = held
    return held


def _pending() -> dict:
    """This transaction's delivered notices by (user, kind, group): reset on a new one."""
    return _held()[1]


def transaction_memo() -> dict:
    """A dict living as long as the current transaction (e.g. one .ics for many people)."""
    return _held()[2]


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
    """Write the notices (in-app rows and outbox e-mails); return how many users were told.

    A fixed number of statements whatever the number of notices: one INSERT per table for
    the new rows (executemany) and one UPDATE per table for notices merged into rows written
    earlier in the transaction (found by their content: identical rows are interchangeable).
    """
    if not notices:
        return 0
    user_ids = sorted({n.user_id for n in notices})
    people = _recipients(user_ids)
    chosen = _channels(user_ids, {n.kind for n in notices})
    taken = _taken_keys(notices)
    pending = _pending()
    batch = _Batch()
    told = 0
    for notice in notices:
        if notice.user_id not in people or (notice.user_id, notice.key) in taken:
            continue
        merge_key = (notice.user_id, notice.kind, notice.group)
        held = pending.get(merge_key) if notice.group is not None else None
        if held is not None:
            known = {id(item) for item in held.notice.items}
            held.notice.items.extend(i for i in notice.items if id(i) not in known)
            _write(held, chosen, now, batch)
            continue
        locale, email = people[notice.user_id]
        held = _Pending(notice=notice, locale=locale, email=email)
        if _write(held, chosen, now, batch):
            told += 1
            if notice.group is not None:
                pending[merge_key] = held
    batch.run()
    return told


@dataclass
class _Batch:
    """The rows of one ``deliver`` call, written together."""

    new: dict = field(default_factory=lambda: {"notification": [], "outbox": []})
    changed: dict = field(default_factory=lambda: {"notification": [], "outbox": []})
    #: (render, items, locale) -> [Message, e-mail body or None]: see ``_compose``.
    composed: dict = field(default_factory=dict)

    def run(self) -> None:
        if self.new["notification"] or self.changed["notification"]:
            forget_unread()  # a bell shown later in this request counts them
        if self.new["notification"]:
            db.session.execute(insert(Notification.__table__), self.new["notification"])
        if self.new["outbox"]:
            db.session.execute(insert(OutboxMessage.__table__), self.new["outbox"])
        if self.changed["notification"]:
            db.session.execute(_NOTIFICATION_MERGE, self.changed["notification"])
        if self.changed["outbox"]:
            db.session.execute(_OUTBOX_MERGE, self.changed["outbox"])


_N, _O = Notification.__table__.c, OutboxMessage.__table__.c
_NOTIFICATION_MERGE = (
    update(Notification.__table__)
    .where(
        _N.user_id == bindparam("w_user"),
        _N.kind == bindparam("w_kind"),
        _N.created_at == bindparam("w_at"),
        _N.title == bindparam("w_title"),
        _N.body == bindparam("w_body"),
    )
    .values(title=bindparam("title"), body=bindparam("body"), link=bindparam("link"))
)
_OUTBOX_MERGE = (
    update(OutboxMessage.__table__)
    .where(
        _O.recipient == bindparam("w_recipient"),
        _O.kind == bindparam("w_kind"),
        _O.created_at == bindparam("w_at"),
        _O.subject == bindparam("w_subject"),
        _O.body == bindparam("w_body"),
        _O.sent_at.is_(None),
    )
    .values(
        subject=bindparam("subject"),
        body=bindparam("body"),
        attachment_name=bindparam("attachment_name"),
        attachment_type=bindparam("attachment_type"),
        attachment=bindparam("attachment"),
    )
)


def _write(held: _Pending, chosen: dict, now: datetime, batch: _Batch) -> bool:
    """Render ``held`` in its recipient's language; add its rows (or their update) to
    ``batch``. False when the user wants neither channel for this kind."""
    notice = held.notice
    in_app, by_mail = chosen.get((notice.user_id, notice.kind), (True, True))
    by_mail = by_mail and bool(held.email)
    if not (in_app or by_mail):
        return False
    message, mail_body = _compose(held, by_mail, batch.composed)
    name, mime, data = message.attachment or ("", "", None)
    note = dict(title=message.title[:300], body=message.body, link=message.link)
    mail = dict(
        subject=message.title[:300],
        body=mail_body,
        attachment_name=name,
        attachment_type=mime,
        attachment=data,
    )
    if not held.rows:  # first time: new rows (a keyed notice always leaves its mark)
        if in_app or notice.key is not None:
            row = dict(note, user_id=notice.user_id, kind=notice.kind, key=notice.key)
            held.rows.append(("notification", dict(row, in_app=in_app, created_at=now)))
            batch.new["notification"].append(held.rows[-1][1])
        if by_mail:
            row = dict(mail, kind=outbox_kind(notice.kind), recipient=held.email)
            held.rows.append(("outbox", dict(row, created_at=now, attempts=0, last_error="")))
            batch.new["outbox"].append(held.rows[-1][1])
        return True
    for table, row in held.rows:
        fresh = note if table == "notification" else mail
        if any(row is new for new in batch.new[table]):
            row.update(fresh)  # not written yet: change the row itself
            continue
        if table == "notification":
            where = dict(w_user=row["user_id"], w_title=row["title"])
        else:
            where = dict(w_recipient=row["recipient"], w_subject=row["subject"])
        where.update(w_kind=row["kind"], w_at=row["created_at"], w_body=row["body"])
        batch.changed[table].append(dict(where, **fresh))
        row.update(fresh)
    return True


def _compose(held: _Pending, by_mail: bool, composed: dict) -> tuple[Message, str]:
    """The message (and e-mail body) of ``held`` in its recipient's language, rendered once
    per render, items and language in a ``deliver`` call (its objects live as long, so
    their ids are safe keys)."""
    notice = held.notice
    key = (id(notice.render), tuple(id(item) for item in notice.items), held.locale)
    done = composed.get(key)
    if done is None or (by_mail and done[1] is None):
        with force_locale(held.locale):
            if done is None:
                done = composed[key] = [notice.render(notice.items), None]
            if by_mail:
                done[1] = _mail_body(done[0])
    return done[0], done[1] if by_mail else ""


def _mail_body(message: Message) -> str:
    parts = [message.body]
    if message.attachment is not None and message.attachment[1] == "text/calendar":
        parts.append(_("Jadwal terlampir sebagai berkas kalender (.ics)."))
    if message.link:
        parts.append(_("Buka: %(url)s", url=_absolute(message.link)))
    parts.append(
        _(
            "Pesan ini dikirim otomatis oleh Presisi Training. Atur pemberitahuan Anda di %(url)s",
            url=_absolute(path_for("notifications.preferences")),
        )
    )
    return "\n\n".join(p for p in parts if p)
