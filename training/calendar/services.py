"""Calendar feeds: a user's secret, revocable iCalendar URL, and what the feed contains.

A feed holds the sessions its owner takes part in: enrolled or waitlisted (as a person),
or trains (as a trainer account or a certified person). A commander's feed also holds the
sessions held in or aimed at their command (venue or audience unit in their subtree), so
that a Kapolres sees his Polsek's training in his phone calendar. Admins and national
trainers get only their own sessions: "everything" would be the whole country.
Drafts never appear; cancelled sessions stay (STATUS:CANCELLED) so that clients drop them.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select

from training.audit.services import record
from training.auth.models import User
from training.calendar import queries
from training.calendar.models import CalendarFeed
from training.extensions import db
from training.policy.commanders import commanded_unit
from training.policy.sessions import own_sessions_clause
from training.sessions.models import SessionStatus, TrainingSession
from training.units.models import in_subtree

#: How far back and ahead a feed reaches.
FEED_PAST = timedelta(days=90)
FEED_FUTURE = timedelta(days=400)


def active_feed(user: User) -> CalendarFeed | None:
    return db.session.scalar(
        select(CalendarFeed)
        .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
        .order_by(CalendarFeed.id.desc())
        .limit(1)
    )


def revoke_feed(user: User, *, now: datetime | None = None) -> int:
    """Revoke every active feed of ``user``; returns how many were revoked."""
    now = now or datetime.now(UTC)
    feeds = db.session.scalars(
        select(CalendarFeed).where(
            CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None)
        )
    ).all()
    for feed in feeds:
        feed.revoked_at = now
        record("calendar_feed", "revoke", user=user, entity_id=feed.id, now=now)
    db.session.flush()
    return len(feeds)


def regenerate_feed(user: User, *, now: datetime | None = None) -> CalendarFeed:
    """Revoke the user's current feed (if any) and issue a new secret URL."""
    now = now or datetime.now(UTC)
    revoke_feed(user, now=now)
    feed = CalendarFeed(user_id=user.id, token=secrets.token_urlsafe(32), created_at=now)
    db.session.add(feed)
    db.session.flush()
    record("calendar_feed", "create", user=user, entity_id=feed.id, now=now)  # never the secret
    return feed


def feed_owner(token: str) -> User | None:
    """The active user behind an unrevoked feed token, else None."""
    if not token or len(token) > 64:
        return None
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token == token, CalendarFeed.revoked_at.is_(None))
    )
    if feed is None:
        return None
    user = db.session.get(User, feed.user_id)
    return user if user is not None and user.is_active else None


def feed_sessions(user: User, *, now: datetime | None = None) -> list[TrainingSession]:
    """The sessions in ``user``'s personal feed (see the module docstring)."""
    now = now or datetime.now(UTC)
    conditions = [own_sessions_clause(user.person_id, user.id)]
    commands = commanded_unit(user)
    if commands is not None:
        conditions.append(queries.held_in(in_subtree(commands.path)))
    stmt = queries.with_details(
        select(TrainingSession)
        .where(
            TrainingSession.status != SessionStatus.DRAFT,
            TrainingSession.ends_at > now - FEED_PAST,
            TrainingSession.starts_at < now + FEED_FUTURE,
            or_(*conditions),
        )
        .order_by(TrainingSession.starts_at, TrainingSession.id)
    )
    return list(db.session.scalars(stmt).unique())
