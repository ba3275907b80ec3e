"""Reading a user's notifications: the unread count (the bell) and the list page."""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import func, select

from training.extensions import db
from training.notifications.models import Notification

#: Notifications listed on the page (newest first).
LIST_SIZE = 100


def _shown(user_id: int):
    return (Notification.user_id == user_id, Notification.in_app.is_(True))


def unread_count(user_id: int) -> int:
    stmt = select(func.count(Notification.id)).where(
        *_shown(user_id), Notification.read_at.is_(None)
    )
    return db.session.scalar(stmt) or 0


def unread_column(user_id):
    """The unread count of the account ``user_id`` (a column) as a scalar subquery: the
    user loader reads it with the account (``read_with_account``), no statement of its own."""
    return (
        select(func.count(Notification.id))
        .where(
            Notification.user_id == user_id,
            Notification.in_app.is_(True),
            Notification.read_at.is_(None),
        )
        .scalar_subquery()
    )


def unread_for_page(user) -> int:
    """The bell's count: read with the signed-in account (``g._notify_unread``), else one
    statement per request (an API token's account, or after ``forget_unread``); 0 when
    signed out."""
    if user is None or not user.is_authenticated:
        return 0
    if g.get("_notify_unread") is None:
        g._notify_unread = unread_count(user.id)
    return g._notify_unread


def forget_unread() -> None:
    """The request wrote or read notifications: the bell counts again when shown."""
    if has_app_context():
        g.pop("_notify_unread", None)


def latest(user_id: int, limit: int = LIST_SIZE) -> list[Notification]:
    stmt = (
        select(Notification)
        .where(*_shown(user_id))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def own_or_none(user_id: int, notification_id: int) -> Notification | None:
    row = db.session.get(Notification, notification_id)
    if row is None or row.user_id != user_id or not row.in_app:
        return None
    return row
