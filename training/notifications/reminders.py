"""The reminder the day before a session, to everyone holding a seat in it.

``queue_day_before_reminders(now)`` may run as often as wanted (CLI ``flask notifications
remind``, a job runner's schedule): a session is "tomorrow" when its local start date (in its
venue's zone) is the day after today there, and each person is reminded once per session
and schedule (the notice key carries the session's SEQUENCE: a moved session is reminded
again for its new day).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from training.core.timefmt import to_local
from training.extensions import db
from training.notifications import kinds
from training.notifications.delivery import Notice, deliver
from training.notifications.recipients import accounts_of, people_in
from training.notifications.session_events import participant_render
from training.sessions.enrollments import EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession


def sessions_tomorrow(now: datetime) -> list[TrainingSession]:
    """Scheduled sessions starting on the local day after ``now`` in their venue's zone."""
    stmt = (
        select(TrainingSession)
        .where(
            TrainingSession.status == SessionStatus.SCHEDULED,
            TrainingSession.starts_at > now,
            TrainingSession.starts_at <= now + timedelta(hours=48),
        )
        .options(
            selectinload(TrainingSession.venue_unit),
            selectinload(TrainingSession.course),
            selectinload(TrainingSession.series),
        )
        .order_by(TrainingSession.starts_at, TrainingSession.id)
    )
    out = []
    for s in db.session.scalars(stmt):
        tz = s.venue_unit.timezone
        if to_local(s.starts_at, tz).date() == to_local(now, tz).date() + timedelta(days=1):
            out.append(s)
    return out


def queue_day_before_reminders(now: datetime | None = None) -> int:
    """Queue tomorrow's reminders (in the app and by e-mail); return how many were new."""
    now = now or datetime.now(UTC)
    due = sessions_tomorrow(now)
    seated = people_in([s.id for s in due], statuses=(EnrollmentStatus.ENROLLED,))
    accounts = accounts_of(p for people in seated.values() for p in people)
    render = participant_render(
        lambda course: _("Pengingat: besok %(course)s", course=course),
        lambda: _("Sesi pelatihan Anda besok:"),
    )
    notices = [
        Notice(
            accounts[person_id],
            kinds.REMINDER,
            [s],
            render,
            key=f"reminder:{s.id}:{s.sequence}",
        )
        for s in due
        for person_id in seated[s.id]
        if person_id in accounts
    ]
    return deliver(notices, now)
