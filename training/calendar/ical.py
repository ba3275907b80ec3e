"""iCalendar (RFC 5545) output: one VEVENT per training session.

Times are written in the venue unit's IANA zone (DTSTART;TZID=Asia/Makassar:...) and the
calendar carries a VTIMEZONE for every zone it uses, generated from zoneinfo by the
icalendar package. SEQUENCE follows the session's counter (bumped on every reschedule or
cancellation) and cancelled sessions keep their UID with STATUS:CANCELLED, so subscribed
clients update or remove the event instead of duplicating it.

The output depends only on the rows (DTSTAMP is the row's last modification, which RFC 5545
allows for objects without METHOD), so identical data gives identical bytes and ETags.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Calendar, Event

from training.calendar.queries import trainer_names
from training.sessions.models import SessionStatus, TrainingSession

PRODID = "-//Presisi Training//Polri//ID"


def summary(training_session: TrainingSession) -> str:
    """E.g. "Tingkat 2 · Pelatihan Kapolres — Angkatan 3" ("Dibatalkan: ..." if cancelled)."""
    course = training_session.course
    text = _("Tingkat %(n)d", n=course.tier) + f" · {course.title}"
    if training_session.title:
        text += f" — {training_session.title}"
    if training_session.status == SessionStatus.CANCELLED:
        text = _("Dibatalkan") + ": " + text
    return text


def location(training_session: TrainingSession) -> str:
    parts = [training_session.venue or training_session.venue_unit.name]
    if training_session.online_url:
        parts.append(training_session.online_url)
    return " / ".join(parts)


def description(training_session: TrainingSession) -> str:
    course = training_session.course
    lines = [
        _("Program: %(t)s", t=course.program.title),
        _("Kursus: %(t)s (tingkat %(n)d)", t=course.title, n=course.tier),
        _("Satuan penyelenggara: %(u)s", u=training_session.venue_unit.name),
    ]
    names = trainer_names(training_session)
    if names:
        lines.append(_("Pelatih: %(names)s", names=", ".join(names)))
    if training_session.online_url:
        lines.append(_("Tautan daring: %(url)s", url=training_session.online_url))
    if training_session.notes:
        lines.append(training_session.notes)
    if training_session.status == SessionStatus.CANCELLED:
        lines.append(_("Sesi ini dibatalkan."))
    return "\n".join(lines)


def event(training_session: TrainingSession, url: str | None = None) -> Event:
    s = training_session
    zone = ZoneInfo(s.venue_unit.timezone)
    ev = Event()
    ev.add("uid", s.uid)
    ev.add("dtstamp", s.updated_at)
    ev.add("created", s.created_at)
    ev.add("last-modified", s.updated_at)
    ev.add("dtstart", s.starts_at.astimezone(zone))
    ev.add("dtend", s.ends_at.astimezone(zone))
    ev.add("summary", summary(s))
    ev.add("location", location(s))
    ev.add("description", description(s))
    ev.add("sequence", s.sequence)
    ev.add("status", "CANCELLED" if s.status == SessionStatus.CANCELLED else "CONFIRMED")
    ev.add("transp", "TRANSPARENT" if s.status == SessionStatus.CANCELLED else "OPAQUE")
    if url:
        ev.add("url", url)
    return ev


def render_calendar(
    sessions: Iterable[TrainingSession],
    name: str,
    session_url: Callable[[TrainingSession], str] | None = None,
) -> bytes:
    """The iCalendar document (bytes, CRLF lines) for ``sessions``, named ``name``."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    cal.add("x-published-ttl", "PT1H")
    last_year = 2037
    for s in sessions:
        cal.add_component(event(s, session_url(s) if session_url else None))
        last_year = max(last_year, s.ends_at.year + 1)
    cal.add_missing_timezones(first_date=date(1970, 1, 1), last_date=date(last_year, 1, 1))
    return cal.to_ical()
