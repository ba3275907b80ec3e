"""Cancelling occurrences: this one, this and following, or every future one of a series.

Cancelling never deletes: rows become ``cancelled`` with a bumped SEQUENCE so calendars can
publish STATUS:CANCELLED; the date of a cancelled occurrence leaves the series' rule.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import update

from training.auth.models import User
from training.core.events import emit
from training.errors import RuleViolation
from training.extensions import db
from training.policy.sessions import may_manage_session
from training.sessions import audit
from training.sessions.models import SessionSeries, SessionStatus, TrainingSession
from training.sessions.recurrence import cut_before
from training.sessions.services import utcnow


def local_of(session: TrainingSession) -> datetime:
    return session.starts_at.astimezone(ZoneInfo(session.venue_unit.timezone))


def cancel_rows(
    sessions: list[TrainingSession], now: datetime, actor=None, reason: str = ""
) -> int:
    live = [s for s in sessions if s.status != SessionStatus.CANCELLED]
    if not live:
        return 0
    audit.record_cancelled(live, actor, reason.strip(), now)
    db.session.execute(
        update(TrainingSession)
        .where(TrainingSession.id.in_([s.id for s in live]))
        .values(
            status=SessionStatus.CANCELLED,
            sequence=TrainingSession.sequence + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session="fetch")
    )
    emit("session_cancelled", sessions=live, reason=reason.strip(), now=now)
    return len(live)


def _check_may_cancel(actor: User, sessions: list[TrainingSession]) -> None:
    if any(not may_manage_session(actor, s) for s in sessions):
        raise RuleViolation(_("Anda tidak berwenang membatalkan sesi ini."))


def cancel_session(session: TrainingSession, *, actor: User, now=None, reason: str = "") -> int:
    """Cancel this occurrence; in a series its date also becomes an EXDATE."""
    now = now or utcnow()
    _check_may_cancel(actor, [session])
    if session.series is not None:
        day = local_of(session).date().isoformat()
        session.series.exdates = sorted({*session.series.exdates, day})
    return cancel_rows([session], now, actor, reason)


def cancel_following(session: TrainingSession, *, actor: User, now=None, reason: str = "") -> int:
    """Cancel this occurrence and every later one; the rule ends before it (UNTIL)."""
    now = now or utcnow()
    series = session.series
    if series is None:
        _check_may_cancel(actor, [session])
        return cancel_rows([session], now, actor, reason)
    later = [s for s in series.sessions if s.starts_at >= session.starts_at]
    _check_may_cancel(actor, later)
    if session.recurrence_id is not None:
        series.rrule = cut_before(series.rrule, session.recurrence_id)
    return cancel_rows(later, now, actor, reason)


def cancel_series(series: SessionSeries, *, actor: User, now=None, reason: str = "") -> int:
    """Cancel every occurrence that has not started yet."""
    now = now or utcnow()
    future = [s for s in series.sessions if s.starts_at > now]
    _check_may_cancel(actor, future)
    return cancel_rows(future, now, actor, reason)
