"""Writing an occurrence's new values (audited; a new time bumps the iCal SEQUENCE; more
seats promote the waitlist) and the facts edits are checked with (who is enrolled)."""

from __future__ import annotations

from sqlalchemy import select

from training.core.events import emit
from training.extensions import db
from training.sessions import audit
from training.sessions.conflicts import Window
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionTrainer, TrainingSession
from training.sessions.services import SessionData


def enrolled_ids(sessions: list[TrainingSession]) -> dict[int, tuple[int, ...]]:
    """session id → ids of people enrolled (one statement for all sessions)."""
    ids = [s.id for s in sessions]
    out: dict[int, list[int]] = {i: [] for i in ids}
    if ids:
        stmt = select(Enrollment.session_id, Enrollment.person_id).where(
            Enrollment.session_id.in_(ids), Enrollment.status == EnrollmentStatus.ENROLLED
        )
        for session_id, person_id in db.session.execute(stmt):
            out[session_id].append(person_id)
    return {k: tuple(v) for k, v in out.items()}


def apply_values(
    session: TrainingSession, data: SessionData, starts_at, ends_at, now, actor
) -> None:
    """Copy the form values onto ``session`` (audited); a new time bumps the iCal SEQUENCE."""
    before = audit.session_fields(session)
    if (session.starts_at, session.ends_at) != (starts_at, ends_at) or (
        session.venue_unit_id != data.venue_unit.id
    ):
        session.sequence += 1
    session.starts_at, session.ends_at = starts_at, ends_at
    session.course = data.course
    session.cycle = data.cycle
    session.title = data.title.strip()
    session.venue_unit = data.venue_unit
    session.venue = data.venue.strip()
    session.online_url = data.online_url.strip()
    grew = data.capacity > session.capacity
    session.capacity = data.capacity
    session.audience_unit = data.audience_unit
    session.audience_positions = list(data.audience_positions)
    session.notes = data.notes
    session.updated_at = now
    wanted = {("u", u.id) for u in data.trainer_users} | {("p", p.id) for p in data.trainer_people}
    have = {("u", t.user_id) if t.user_id else ("p", t.person_id): t for t in session.trainers}
    for key, trainer in have.items():
        if key not in wanted:
            session.trainers.remove(trainer)
    for kind, ident in sorted(wanted - set(have)):
        row = SessionTrainer(user_id=ident) if kind == "u" else SessionTrainer(person_id=ident)
        session.trainers.append(row)
    db.session.flush()
    audit.record_edited(session, before, actor, now)
    emit("session_changed", session=session, before=before, now=now)
    if grew:
        _fill_new_seats(session, now, actor)


class _Waitlist:
    """Who fills new seats: ``training.enrolment.services.rebalance`` (enrolment builds on
    sessions, so the app factory hands it over: ``use_waitlist``)."""

    fill = None


def use_waitlist(fill) -> None:
    """Called by the app factory with enrolment's ``rebalance(session, *, now, actor)``."""
    _Waitlist.fill = fill


def _fill_new_seats(session: TrainingSession, now, actor=None) -> None:
    """More seats: promote people from the waitlist, in order (enrolment's rule)."""
    if _Waitlist.fill is None:
        raise RuntimeError("no waitlist rule: create the app (training.create_app) first")
    db.session.flush()
    if session.starts_at > now:
        _Waitlist.fill(session, now=now, actor=actor)


def window_of(starts_at, ends_at, participants=()) -> Window:
    return Window(starts_at, ends_at, tuple(participants))
