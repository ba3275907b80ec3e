"""A user's own notifications: mark read, and their preferences. The caller commits.

Reading one's notifications and choosing channels change nothing of record (like the
interface language): they write no audit entry.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from training.extensions import db
from training.notifications.kinds import KINDS
from training.notifications.models import Notification, NotificationPreference
from training.notifications.queries import forget_unread


def mark_all_read(user_id: int, now: datetime) -> int:
    """Mark every unread notification of the user read; return how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=now)
        .execution_options(synchronize_session=False)
    )
    forget_unread()
    return result.rowcount


def mark_read(notification: Notification, now: datetime) -> None:
    if notification.read_at is None:
        notification.read_at = now
        forget_unread()


def preferences(user_id: int) -> dict[str, tuple[bool, bool]]:
    """kind -> (in app, e-mail) for every kind, the defaults (both on) filled in."""
    rows = db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user_id)
    )
    chosen = {row.kind: (row.in_app, row.email) for row in rows}
    return {kind: chosen.get(kind, (True, True)) for kind in KINDS}


def save_preferences(user_id: int, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store the user's choice per kind (unknown kinds are ignored); defaults keep no row."""
    rows = {
        row.kind: row
        for row in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user_id)
        )
    }
    for kind in KINDS:
        in_app, email = choices.get(kind, (True, True))
        row = rows.get(kind)
        if in_app and email:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(
                NotificationPreference(user_id=user_id, kind=kind, in_app=in_app, email=email)
            )
        else:
            row.in_app, row.email = in_app, email
