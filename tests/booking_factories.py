"""Builders for series booking tests: a series with its meetings."""

import uuid
from datetime import UTC, datetime

from tests.factories import make_session
from training.extensions import db
from training.sessions.models import SessionSeries


def make_series(course, venue_unit, starts, capacity=30, **kw):
    """A series of ``course`` whose meetings (two hours each) start at ``starts`` (UTC)."""
    first = starts[0]
    row = SessionSeries(
        course_id=course.id,
        rrule=f"FREQ=WEEKLY;COUNT={len(starts)}",
        dtstart_local=first.replace(tzinfo=None),
        duration_minutes=120,
        timezone=venue_unit.timezone,
        uid=f"{uuid.uuid4()}@presisi",
        created_at=datetime(2026, 10, 1, tzinfo=UTC),
    )
    db.session.add(row)
    return [
        make_session(course, venue_unit, starts_at=s, capacity=capacity, series=row, **kw)
        for s in starts
    ]
