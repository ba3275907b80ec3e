"""Series booking: enrolling someone into one meeting of a series books every remaining
meeting of it. A person holds a seat in all of them or waits for the series: one waitlist
per series (the same rank in every meeting), and a seat counts as free only when it is free
in every remaining meeting.

A lone session is its own series of one. Every function takes the seat locks of all the
meetings at once (``lock_sessions``) and sends a bounded number of statements whatever the
number of meetings or people: bulk inserts and updates, no per-meeting queries. The caller
commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import func, insert, or_, select, update

from training.audit.services import plain, record_many
from training.core.events import emit
from training.enrolment.checks import (
    check_not_started,
    check_open,
    conflict_message,
    in_actor_scope,
    outside_audience,
)
from training.enrolment.locking import lock_sessions
from training.enrolment.rows import audit_entry
from training.errors import RuleViolation
from training.extensions import db
from training.people.models import Person
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession

ENROLLED, WAITLISTED = EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED
PENDING, REFUSED = EnrollmentStatus.PENDING, EnrollmentStatus.REFUSED
#: Statuses that hold a place in a meeting (a seat or a place on the waitlist).
HOLDING = (ENROLLED, WAITLISTED)


@dataclass
class SeriesBooking:
    meetings: list[TrainingSession]
    enrolled: list[Person] = field(default_factory=list)
    waitlisted: list[Person] = field(default_factory=list)
    pending: list[Person] = field(default_factory=list)


def _now(now):
    return now or datetime.now(UTC)


def meeting_ids(training_session: TrainingSession, now: datetime) -> list[int]:
    """Ids of the meetings a booking into ``training_session`` covers: the session itself
    and, for an occurrence of a series, every scheduled meeting of the series not started."""
    if training_session.series_id is None:
        return [training_session.id]
    stmt = select(TrainingSession.id).where(
        TrainingSession.series_id == training_session.series_id,
        or_(
            TrainingSession.id == training_session.id,
            (TrainingSession.status == SessionStatus.SCHEDULED) & (TrainingSession.starts_at > now),
        ),
    )
    return list(db.session.scalars(stmt))


def lock_meetings(training_session: TrainingSession, now: datetime) -> list[TrainingSession]:
    return lock_sessions(meeting_ids(training_session, now))


def free_seats(meetings: list[TrainingSession]) -> int:
    """Seats free in every one of the meetings (one statement)."""
    counts = dict(
        db.session.execute(
            select(Enrollment.session_id, func.count())
            .where(
                Enrollment.session_id.in_([m.id for m in meetings]), Enrollment.status == ENROLLED
            )
            .group_by(Enrollment.session_id)
        ).all()
    )
    return max(0, min(m.capacity - counts.get(m.id, 0) for m in meetings))


def next_rank(meetings: list[TrainingSession]) -> int:
    stmt = select(func.max(Enrollment.waitlist_rank)).where(
        Enrollment.session_id.in_([m.id for m in meetings])
    )
    return (db.session.scalar(stmt) or 0) + 1


def clashes(person_ids, meetings: list[TrainingSession]) -> dict[int, TrainingSession]:
    """person id -> the first other session they hold a seat in overlapping one of the
    meetings (one statement)."""
    ids = list(person_ids)
    if not ids:
        return {}
    overlaps = or_(
        *[
            (TrainingSession.starts_at < m.ends_at) & (TrainingSession.ends_at > m.starts_at)
            for m in meetings
        ]
    )
    stmt = (
        select(Enrollment.person_id, TrainingSession)
        .join(Enrollment.session)
        .where(
            Enrollment.person_id.in_(ids),
            Enrollment.status == ENROLLED,
            TrainingSession.status.in_((SessionStatus.SCHEDULED, SessionStatus.DRAFT)),
            TrainingSession.id.not_in([m.id for m in meetings]),
            overlaps,
        )
        .order_by(TrainingSession.starts_at)
    )
    found: dict[int, TrainingSession] = {}
    for person_id, other in db.session.execute(stmt):
        found.setdefault(person_id, other)
    return found


def existing_rows(meetings, person_ids) -> list[Enrollment]:
    stmt = select(Enrollment).where(
        Enrollment.session_id.in_([m.id for m in meetings]),
        Enrollment.person_id.in_(list(person_ids)),
    )
    return list(db.session.scalars(stmt.execution_options(populate_existing=True)))


def _problems(training_session, meetings, people, rows, actor, open_only) -> list[str]:
    """Scope (``actor`` None: the person acts for themselves), places already held,
    clashes, and (``open_only``) the audience."""
    holding = {r.person_id for r in rows if r.status in HOLDING}
    problems = []
    for person in people:
        if actor is not None and not in_actor_scope(actor, person):
            problems.append(
                _("%(name)s berada di luar lingkup satuan Anda.", name=person.full_name)
            )
        elif person.id in holding:
            problems.append(_("%(name)s sudah terdaftar di seri ini.", name=person.full_name))
    by_id = {p.id: p for p in people}
    found = clashes(by_id, meetings)
    problems += [conflict_message(by_id[pid], other) for pid, other in found.items()]
    if open_only:
        problems += outside_audience(training_session, people)
    return problems


def book(training_session, people, *, actor, now=None, open_only=False, own=False) -> SeriesBooking:
    """Book people into every remaining meeting of the session's series, all or nothing:
    seats while seats are free in every meeting, then the series' waitlist in order.

    ``open_only`` (commanders): the session must be scheduled and not started, and every
    person must belong to its audience. ``own``: the person books themselves (no scope
    check). Pending sign-ups of these people become bookings.
    """
    now = _now(now)
    meetings = lock_meetings(training_session, now)
    chosen = next(m for m in meetings if m.id == training_session.id)
    check_open(chosen, now)
    if open_only:
        check_not_started(chosen, now)
    people = list(dict.fromkeys(people))
    rows = existing_rows(meetings, [p.id for p in people])
    problems = _problems(chosen, meetings, people, rows, None if own else actor, open_only)
    if problems:
        raise RuleViolation(" ".join(problems))
    free = free_seats(meetings)
    result = SeriesBooking(meetings, people[:free], people[free:])
    ranks = {p.id: None for p in result.enrolled}
    first = next_rank(meetings) if result.waitlisted else 0
    ranks |= {p.id: first + i for i, p in enumerate(result.waitlisted)}
    write(meetings, ranks, rows, actor, now)
    if result.enrolled:  # one notice for the booking, with every meeting booked
        emit("enrolled", session=chosen, meetings=meetings, people=result.enrolled, now=now)
    return result


def write(meetings, ranks: dict[int, int | None], rows, actor, now, status=None, action=None):
    """Give each person (id -> waitlist rank, None for a seat) that status in every meeting:
    existing rows are updated, missing ones inserted; one audit entry per row."""
    old = {(r.session_id, r.person_id): r for r in rows}
    inserts, audits = [], []
    by_id = actor.id if actor is not None else None
    for person_id, rank in ranks.items():
        new_status = status or (ENROLLED if rank is None else WAITLISTED)
        for meeting in meetings:
            row = old.get((meeting.id, person_id))
            values = dict(status=new_status, waitlist_rank=rank, enrolled_by_id=by_id)
            if row is None:
                inserts.append(dict(session_id=meeting.id, person_id=person_id, **values))
                audits.append(
                    audit_entry(meeting, inserts[-1], action or "create", None, actor, now)
                )
                continue
            before = row.status
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = now
            audits.append(audit_entry(meeting, row, action or "update", before, actor, now))
    if inserts:
        db.session.execute(
            insert(Enrollment), [dict(r, created_at=now, updated_at=now) for r in inserts]
        )
    db.session.flush()
    record_many(audits)
    for meeting in meetings:
        db.session.expire(meeting, ["enrollments"])


def set_status(meetings, rows, status, actor, now, action="cancel") -> None:
    """Move the given rows to ``status`` (cancelled, refused) in one update."""
    if not rows:
        return
    ids = [r.id for r in rows]
    meeting_of = {m.id: m for m in meetings}
    audits = [audit_entry(meeting_of[r.session_id], r, action, r.status, actor, now) for r in rows]
    for a in audits:
        a["after"] = {"status": plain(status)}
    db.session.execute(
        update(Enrollment)
        .where(Enrollment.id.in_(ids))
        .values(status=status, waitlist_rank=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    for r in rows:
        db.session.expire(r)
    record_many(audits)
