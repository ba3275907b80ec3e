"""Duplicating a session or a series at another date or place (re-checked like a new one),
and the form values of an existing session."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from training.auth.models import User
from training.sessions.models import SessionSeries, SessionStatus, TrainingSession
from training.sessions.recurrence import MONTHLY_DAY, WEEKLY, parse_rrule
from training.sessions.services import (
    NO_OVERRIDE,
    Override,
    SessionData,
    create_series,
    create_session,
)
from training.units.models import Unit


def data_from(session: TrainingSession) -> SessionData:
    """The form values of an existing session (times in its venue zone)."""
    tz = session.venue_unit.timezone
    local = session.starts_at.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    return SessionData(
        course=session.course,
        venue_unit=session.venue_unit,
        start_local=local,
        duration_minutes=int((session.ends_at - session.starts_at).total_seconds() // 60),
        audience_unit=session.audience_unit,
        audience_positions=list(session.audience_positions or []),
        title=session.title,
        venue=session.venue,
        online_url=session.online_url,
        capacity=session.capacity,
        notes=session.notes,
        cycle=session.cycle,
        trainer_users=[t.user for t in session.trainers if t.user is not None],
        trainer_people=[t.person for t in session.trainers if t.person is not None],
    )


def duplicate_session(
    session: TrainingSession,
    actor: User,
    *,
    start_local: datetime,
    venue_unit: Unit | None = None,
    audience_unit: Unit | None = None,
    override: Override = NO_OVERRIDE,
    now=None,
) -> TrainingSession:
    """A copy of ``session`` at another date/time and/or in another region, re-checked."""
    data = replace(
        data_from(session),
        start_local=start_local,
        venue_unit=venue_unit or session.venue_unit,
        audience_unit=audience_unit or session.audience_unit,
    )
    return create_session(actor, data, override=override, now=now)


def series_template(series: SessionSeries) -> TrainingSession:
    live = [s for s in series.sessions if s.status != SessionStatus.CANCELLED]
    return (live or series.sessions)[0]


def duplicate_series(
    series: SessionSeries,
    actor: User,
    *,
    start_date: date,
    venue_unit: Unit | None = None,
    audience_unit: Unit | None = None,
    override: Override = NO_OVERRIDE,
    now=None,
) -> SessionSeries:
    """The same rule from ``start_date`` (end date and exceptions moved along)."""
    shift = start_date - series.dtstart_local.date()
    repeat = parse_rrule(series.rrule, series.timezone, series.exdates)
    weekdays = tuple(sorted({(d + shift.days) % 7 for d in repeat.weekdays}))
    repeat = replace(
        repeat,
        weekdays=weekdays if repeat.freq == WEEKLY else (),
        month_day=start_date.day if repeat.freq == MONTHLY_DAY else repeat.month_day,
        until=repeat.until + shift if repeat.until else None,
        exdates=tuple(d + shift for d in repeat.exdates),
    )
    data = replace(
        data_from(series_template(series)),
        start_local=datetime.combine(start_date, series.dtstart_local.time()),
        duration_minutes=series.duration_minutes,
        venue_unit=venue_unit or series_template(series).venue_unit,
        audience_unit=audience_unit or series_template(series).audience_unit,
    )
    return create_series(actor, data, repeat, override=override, now=now)
