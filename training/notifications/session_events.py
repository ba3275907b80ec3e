"""Notices about sessions: booked, moved, cancelled, promoted from the waitlist, tomorrow.

Participants get the sessions with an .ics (the calendar package's builder: same UID and
SEQUENCE as the feed, so a calendar updates the event instead of adding one); the commander
of their unit gets one line per booking or cancellation. Meetings of one series told in one
transaction make one notice (``group`` = the series UID): a series booking (or a promotion
from its waitlist) is told once, with one .ics holding a VEVENT per meeting booked.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from training.audit.services import plain
from training.auth.models import User
from training.calendar.ical import render_calendar
from training.core.timefmt import format_local
from training.extensions import db
from training.notifications import kinds
from training.notifications.delivery import (
    Message,
    Notice,
    deliver,
    path_for,
    transaction_memo,
)
from training.notifications.recipients import accounts_of, commanders_of, people_in
from training.sessions.enrollments import EnrollmentStatus
from training.sessions.models import SessionTrainer, TrainingSession

#: The fields whose change is told to the people booked (time and place).
TOLD_FIELDS = ("starts_at", "ends_at", "venue_unit", "venue", "online_url")


def group_of(session: TrainingSession) -> str:
    return session.series.uid if session.series is not None else session.uid


def course_title(session: TrainingSession) -> str:
    return session.course.title


def line(session: TrainingSession) -> str:
    """E.g. "- Angkatan 3: 3 Des 2026 09.00 WITA, Aula Polres (Polres Kota)"."""
    when = format_local(session.starts_at, session.venue_unit.timezone)
    place = session.venue or session.venue_unit.name
    if session.venue and session.venue != session.venue_unit.name:
        place = f"{session.venue} ({session.venue_unit.name})"
    name = session.title or session.course.title
    text = f"- {name}: {when}, {place}"
    if session.online_url:
        text += f" / {session.online_url}"
    return text


def ics(sessions: list[TrainingSession]) -> tuple[str, str, bytes]:
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    # Everyone booked into a session gets the same bytes: built once per transaction and
    # language (a build per person would dominate a 300-person booking).
    memo = transaction_memo()
    shown = ((s.id, s.sequence, s.status, s.starts_at, s.venue, s.online_url) for s in ordered)
    key = ("ics", str(get_locale()), *shown)
    data = memo.get(key)
    if data is None:
        _load_trainers(ordered)
        data = memo[key] = render_calendar(ordered, course_title(ordered[0]))
    return ("sesi-pelatihan.ics", "text/calendar", data)


def participant_render(title, lead, extra=lambda: ""):
    """A render for participants: ``title(course)``, ``lead()``, the sessions, ``extra()``
    and the .ics; called under the recipient's language (hence the callables)."""

    def render(sessions: list[TrainingSession]) -> Message:
        ordered = sorted(sessions, key=lambda s: s.starts_at)
        body = "\n".join([lead(), *[line(s) for s in ordered]])
        if tail := extra():
            body += "\n\n" + tail
        return Message(
            title=title(course_title(ordered[0])),
            body=body,
            link=path_for("enrolment.my_schedule"),
            attachment=ics(ordered),
        )

    return render


def _tell_people(kind, sessions_of_person: dict[int, list], render, now) -> None:
    accounts = accounts_of(sessions_of_person)
    notices = []
    for person_id, sessions in sessions_of_person.items():
        if person_id in accounts:
            for group, items in _by_group(sessions).items():
                notices.append(Notice(accounts[person_id], kind, items, render, group=group))
    deliver(notices, now)


def _by_group(sessions) -> dict[str, list]:
    out = defaultdict(list)
    for s in sessions:
        out[group_of(s)].append(s)
    return out


def _tell_commanders(kind, session, person_ids, title, lead, now, meetings=None) -> None:
    """One notice per commander about ``meetings`` (default: the session alone)."""
    items = list(meetings or [session])
    notices = []
    for user_id, people in commanders_of(person_ids).items():
        count = len(people)

        def render(sessions, count=count) -> Message:
            ordered = sorted(sessions, key=lambda s: s.starts_at)
            body = "\n".join([lead(count), *[line(s) for s in ordered]])
            link = path_for("sessions.detail", session_id=ordered[0].id)
            return Message(title=title(course_title(ordered[0])), body=body, link=link)

        notices.append(Notice(user_id, kind, list(items), render, group=group_of(session)))
    deliver(notices, now)


def seated_ids(people=(), enrolments=()) -> list[int]:
    """Ids of the people given (Person rows) and of the enrolments holding a seat."""
    ids = [p.id for p in people]
    ids += [e.person_id for e in enrolments if e.status == EnrollmentStatus.ENROLLED]
    return list(dict.fromkeys(ids))


def booked_meetings(session: TrainingSession, meetings) -> list[TrainingSession]:
    """The meetings a booking covers (every remaining meeting of a series booked as one)."""
    return sorted(meetings or [session], key=lambda s: s.starts_at)


def _load_trainers(sessions: list[TrainingSession]) -> None:
    """The trainers of several sessions (named in each VEVENT), whatever their number."""
    if len(sessions) > 1:
        trainers = selectinload(TrainingSession.trainers)
        db.session.scalars(
            select(TrainingSession)
            .where(TrainingSession.id.in_([s.id for s in sessions]))
            .options(
                trainers.joinedload(SessionTrainer.person),
                trainers.joinedload(SessionTrainer.user).joinedload(User.person),
            )
        ).all()


def on_enrolled(
    session: TrainingSession, now: datetime, people=(), enrolments=(), meetings=(), **_payload
):
    """People got a seat (not the waitlist): they and their unit's commander are told, in
    one notice with one .ics for every meeting booked (``meetings``: a series booking)."""
    person_ids = seated_ids(people, enrolments)
    if not person_ids:
        return
    booked = booked_meetings(session, meetings)
    render = participant_render(
        lambda course: _("Anda terdaftar: %(course)s", course=course),
        lambda: _("Anda terdaftar sebagai peserta pada jadwal berikut:"),
    )
    _tell_people(kinds.ENROLLED, {p: list(booked) for p in person_ids}, render, now)
    _tell_commanders(
        kinds.ENROLLED,
        session,
        person_ids,
        lambda course: _("Personel terdaftar: %(course)s", course=course),
        lambda n: ngettext(
            "%(num)d personel satuan Anda terdaftar pada jadwal berikut:",
            "%(num)d personel satuan Anda terdaftar pada jadwal berikut:",
            n,
        ),
        now,
        booked,
    )


def on_promoted(
    session: TrainingSession, now: datetime, enrolments=(), people=(), meetings=(), **_payload
) -> None:
    """People moved from the waitlist into a seat (``meetings``: every remaining meeting of
    a series, told in one notice)."""
    person_ids = seated_ids(people, enrolments)
    if not person_ids:
        return
    booked = booked_meetings(session, meetings)
    render = participant_render(
        lambda course: _("Anda mendapat tempat: %(course)s", course=course),
        lambda: _("Kursi tersedia: Anda naik dari daftar tunggu dan terdaftar pada jadwal ini:"),
    )
    _tell_people(kinds.WAITLIST_PROMOTED, {p: list(booked) for p in person_ids}, render, now)


def told_change(session: TrainingSession, before: dict) -> bool:
    now_fields = {
        "starts_at": plain(session.starts_at),
        "ends_at": plain(session.ends_at),
        "venue_unit": session.venue_unit.code,
        "venue": session.venue,
        "online_url": session.online_url,
    }
    return any(before.get(name) != now_fields[name] for name in TOLD_FIELDS)


def on_session_changed(session: TrainingSession, before: dict, now: datetime, **_payload):
    """A change of time or place is told to everyone booked or waiting (with the new .ics)."""
    if not told_change(session, before):
        return
    people = people_in([session.id])[session.id]
    render = participant_render(
        lambda course: _("Jadwal berubah: %(course)s", course=course),
        lambda: _("Waktu atau tempat sesi Anda berubah. Jadwal yang berlaku:"),
    )
    _tell_people(kinds.SESSION_CHANGED, {p: [session] for p in people}, render, now)


def on_session_cancelled(sessions, reason: str, now: datetime, **_payload) -> None:
    """Cancelled sessions: everyone booked or waiting, with the reason; their commanders."""
    by_session = people_in([s.id for s in sessions])
    sessions_of_person: dict[int, list] = defaultdict(list)
    for s in sessions:
        for person_id in by_session[s.id]:
            sessions_of_person[person_id].append(s)

    def why() -> str:
        return _("Alasan: %(reason)s", reason=reason) if reason else ""

    render = participant_render(
        lambda course: _("Sesi dibatalkan: %(course)s", course=course),
        lambda: _("Sesi berikut dibatalkan:"),
        why,
    )
    _tell_people(kinds.SESSION_CANCELLED, sessions_of_person, render, now)
    for s in sessions:
        _tell_commanders(
            kinds.SESSION_CANCELLED,
            s,
            by_session[s.id],
            lambda course: _("Sesi dibatalkan: %(course)s", course=course),
            lambda n: " ".join(
                filter(
                    None,
                    [
                        ngettext(
                            "Sesi berikut dibatalkan; %(num)d personel satuan Anda terdaftar.",
                            "Sesi berikut dibatalkan; %(num)d personel satuan Anda terdaftar.",
                            n,
                        ),
                        why(),
                    ],
                )
            ),
            now,
        )
