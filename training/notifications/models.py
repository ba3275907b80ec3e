"""Notifications shown in the app (the bell and the list) and each user's preferences."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
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
