"""Reading a user's notifications: the unread count (the bell) and the list page."""

from __future__ import annotations

from flask import g
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


def unread_for_page(user) -> int:
    """The bell's count: one statement per request (kept on ``g``), 0 when signed out."""
    if user is None or not user.is_authenticated:
        return 0
    if "_notify_unread" not in g:
        g._notify_unread = unread_count(user.id)
    return g._notify_unread


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
