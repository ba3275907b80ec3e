"""Notifications shown in the app (the bell and the list) and each user's preferences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from training.core.types import UTCDateTime
from training.extensions import db


class Notification(db.Model):
    """One message to one user; unread while ``read_at`` is empty."""

    __table_args__ = (Index("ix_notification_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    #: One of training.notifications.kinds.KINDS.
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    #: Path of the object the notification is about (e.g. "/jadwal-saya"), "" for none.
    link: Mapped[str] = mapped_column(String(500), default="")
    #: Set for notifications that must come once (e.g. "reminder:session:12").
    key: Mapped[str | None] = mapped_column(String(120), index=True)
    #: False for the record of a keyed notice sent by e-mail only (the user turned the app
    #: channel off): it keeps the notice from coming twice and is never shown.
    in_app: Mapped[bool] = mapped_column(default=True, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class NotificationPreference(db.Model):
    """A user's choice for one kind; without a row both channels are on."""

    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    in_app: Mapped[bool] = mapped_column(default=True)
    email: Mapped[bool] = mapped_column(default=True)


class BreachNotice(db.Model):
    """A unit whose commanders were told of its response breaches on one local day: written
    before the notices, in their transaction, so the day's notice goes once whatever the
    number of processes checking (the second insert of the key finds it taken)."""

    unit_id: Mapped[int] = mapped_column(
        ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    #: Open mentions past their target when the notice went.
    breaches: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
