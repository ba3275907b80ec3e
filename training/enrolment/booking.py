"""Changes to a series booking after it is made: cancelling (by the participant before the
deadline, by a commander for their people), promotion from the series' waitlist, and self
sign-up with the commander's approval. Bounded statements; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from training.audit.services import record_many
from training.core.events import emit
from training.enrolment.checks import check_not_started, in_actor_scope
from training.enrolment.rows import audit_entry
from training.enrolment.series import (
    ENROLLED,
    HOLDING,
    PENDING,
    WAITLISTED,
    SeriesBooking,
    book,
    clashes,
    existing_rows,
    free_seats,
    lock_meetings,
    set_status,
    write,
)
from training.errors import RuleViolation
from training.extensions import db
from training.people.models import Person
from training.sessions.enrollments import Enrollment, EnrollmentStatus

CANCELLED, REFUSED = EnrollmentStatus.CANCELLED, EnrollmentStatus.REFUSED


@dataclass
class CancelResult:
    #: The meetings the booking was cancelled in.
    meetings: list = field(default_factory=list)
    #: People promoted from the series' waitlist into the freed seats.
    promoted: list[Person] = field(default_factory=list)


def _now(now):
    return now or datetime.now(UTC)


def _out_of_scope(person):
    return RuleViolation(_("%(name)s berada di luar lingkup satuan Anda.", name=person.full_name))


def cancel_booking(
    training_session, person, *, actor, now=None, own=False, deadline_hours=24
) -> CancelResult:
    """Cancel the person's places (seats, waitlist, pending sign-up) in every meeting of the
    series not started yet; freed seats go to the series' waitlist.

    ``own``: the participant cancels their own booking, up to ``deadline_hours`` before the
    first remaining meeting; otherwise the actor (a commander) must see the person.
    """
    now = _now(now)
    meetings = [m for m in lock_meetings(training_session, now) if m.starts_at > now]
    if not own and not in_actor_scope(actor, person):
        raise _out_of_scope(person)
    rows = [r for r in existing_rows(meetings, [person.id]) if r.status in (*HOLDING, PENDING)]
    if not rows:
        raise RuleViolation(
            _("%(name)s tidak punya pemesanan yang dapat dibatalkan.", name=person.full_name)
        )
    starts = {m.id: m.starts_at for m in meetings}
    first = min(starts[r.session_id] for r in rows)
    if own and now > first - timedelta(hours=deadline_hours):
        raise RuleViolation(
            _(
                "Batas pembatalan sudah lewat (%(hours)d jam sebelum pertemuan pertama). "
                "Hubungi komandan atau pelatih Anda.",
                hours=deadline_hours,
            )
        )
    had_seat = any(r.status == ENROLLED for r in rows)
    kept = [m for m in meetings if m.id in {r.session_id for r in rows}]
    set_status(meetings, rows, CANCELLED, actor, now)
    return CancelResult(kept, promote(kept, now, actor) if had_seat else [])


def remove_from_series(enrollment, *, actor, now=None) -> CancelResult | None:
    """A trainer's "Keluarkan" on a meeting of a series that has not started: the person's
    places in every remaining meeting, as a booking is made for all of them (the same as
    ``cancel_booking`` by a commander). None for a single session or a meeting under way,
    where only that enrolment is removed (``services.remove_person``)."""
    training_session = enrollment.session
    if training_session.series_id is None or training_session.starts_at <= _now(now):
        return None
    return cancel_booking(training_session, enrollment.person, actor=actor, now=now)


def promote(meetings, now, actor=None) -> list[Person]:
    """Fill the seats free in every one of the meetings from the series' waitlist, in rank
    order; people double-booked elsewhere meanwhile keep their place and are passed over."""
    free = free_seats(meetings) if meetings else 0
    if free <= 0:
        return []
    waiting = db.session.execute(
        select(Enrollment.person_id, func.min(Enrollment.waitlist_rank).label("first_rank"))
        .where(
            Enrollment.session_id.in_([m.id for m in meetings]),
            Enrollment.status == WAITLISTED,
        )
        .group_by(Enrollment.person_id)
        .order_by("first_rank", Enrollment.person_id)
    ).all()
    found = clashes([pid for pid, _rank in waiting], meetings)
    chosen = [pid for pid, _rank in waiting if pid not in found][:free]
    if not chosen:
        return []
    rows = [r for r in existing_rows(meetings, chosen) if r.status == WAITLISTED]
    meeting_of = {m.id: m for m in meetings}
    for row in rows:
        row.status, row.waitlist_rank, row.updated_at = ENROLLED, None, now
    db.session.flush()
    record_many(
        [audit_entry(meeting_of[r.session_id], r, "promote", WAITLISTED, actor, now) for r in rows]
    )
    people = db.session.scalars(select(Person).where(Person.id.in_(chosen))).all()
    order = {pid: i for i, pid in enumerate(chosen)}
    people = sorted(people, key=lambda p: order[p.id])
    # one notice per person for the series, with every meeting they now hold a seat in
    emit("waitlist_promoted", session=meetings[0], meetings=meetings, people=people, now=now)
    return people


def targets_course(person: Person, course) -> bool:
    """The person is one of the course's targets (position and unit level)."""
    return person.position in (course.target_positions or []) and person.unit.level in (
        course.target_levels or []
    )


def sign_up(training_session, person, *, actor, now=None) -> SeriesBooking:
    """A participant signs themselves up to an open session of their own tier: booked at
    once, or pending in every remaining meeting when the programme asks for approval."""
    now = _now(now)
    program = training_session.course.program
    if not program.self_signup:
        raise RuleViolation(_("Program ini tidak membuka pendaftaran mandiri."))
    if not targets_course(person, training_session.course):
        raise RuleViolation(_("Sesi ini bukan untuk tingkat Anda."))
    if not program.signup_approval:
        return book(training_session, [person], actor=actor, now=now, open_only=True, own=True)
    meetings = lock_meetings(training_session, now)
    check_not_started(next(m for m in meetings if m.id == training_session.id), now)
    rows = existing_rows(meetings, [person.id])
    if any(r.status in (*HOLDING, PENDING) for r in rows):
        raise RuleViolation(_("Anda sudah mendaftar di seri ini."))
    write(meetings, {person.id: None}, rows, actor, now, status=PENDING, action="request")
    return SeriesBooking(meetings, pending=[person])


def decide_sign_up(training_session, person, *, approve: bool, actor, now=None):
    """A commander of the person's unit or above approves (the person is booked, seat or
    waitlist) or refuses a pending sign-up."""
    now = _now(now)
    if not in_actor_scope(actor, person):
        raise _out_of_scope(person)
    meetings = lock_meetings(training_session, now)
    rows = [r for r in existing_rows(meetings, [person.id]) if r.status == PENDING]
    if not rows:
        raise RuleViolation(
            _("Tidak ada pendaftaran %(name)s yang menunggu persetujuan.", name=person.full_name)
        )
    if approve:
        return book(training_session, [person], actor=actor, now=now, open_only=True)
    set_status(meetings, rows, REFUSED, actor, now, action="refuse")
    return SeriesBooking(meetings)
