"""Standing after self check-ins, refreshed after the request instead of in it.

A check-in (``attendance.checkin.check_in``) commits the Attendance row and nothing else, so
that a burst of a thousand participants is a handful of statements each. Their course
standing follows, coalesced per course:

- every minute, by Celery beat (``refresh_checked_in``: everyone who checked in during the
  last ``LOOKBACK`` minutes, one refresh per course whatever the number of people);
- when the trainer saves the roll call or signs the sheet off (``attendance.services``
  refreshes the session's self-checked-in people with the people whose marks changed);
- nightly, by ``flask refresh-standing`` (everyone).

Refreshing is idempotent: a person whose standing did not change writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from training.attendance.models import SELF_CHECKIN_METHODS, Attendance
from training.extensions import db
from training.programs.models import Course
from training.sessions.models import TrainingSession
from training.standing.engine import refresh_standing

#: How far back a run looks: three beat ticks, so that a late or missed tick loses nothing.
LOOKBACK = timedelta(minutes=3)


def checked_in_since(since: datetime) -> dict[int, set[int]]:
    """{course id: person ids} of the self check-ins recorded at or after ``since``.

    A check-in is only accepted before its session ends, so the session's ``ends_at``
    (indexed) narrows the search to the sessions running since then."""
    stmt = (
        select(TrainingSession.course_id, Attendance.person_id)
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(
            TrainingSession.ends_at >= since,
            Attendance.checked_in_at >= since,
            Attendance.method.in_(SELF_CHECKIN_METHODS),
        )
    )
    found: dict[int, set[int]] = defaultdict(set)
    for course_id, person_id in db.session.execute(stmt):
        found[course_id].add(person_id)
    return dict(found)


def refresh_checked_in(now: datetime | None = None, lookback: timedelta = LOOKBACK) -> int:
    """Refresh the standing of everyone who checked in during ``lookback``; the number of
    people refreshed. Callers commit."""
    now = now or datetime.now(UTC)
    found = checked_in_since(now - lookback)
    if not found:
        return 0
    courses = db.session.scalars(select(Course).where(Course.id.in_(list(found))))
    for course in courses:
        refresh_standing(course, found[course.id], now=now)
    return sum(len(ids) for ids in found.values())
