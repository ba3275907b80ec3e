"""Enrolling a session's audience, previewed first: who would get a seat, who would wait,
who is left out and why, with counts per unit; then the same plan is booked into every
remaining meeting of the series (a lone session is a series of one).

The audience is the course's targets (positions and levels) inside the audience unit's
subtree (``services.audience_people``). Preview and booking send a bounded number of
statements whatever the audience size or the number of meetings. The caller commits.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from training.enrolment import series
from training.enrolment.services import EnrolResult, _check_open, audience_people
from training.errors import RuleViolation
from training.extensions import db
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import TrainingSession


@dataclass
class UnitCount:
    unit: str
    seats: int = 0
    waitlisted: int = 0


@dataclass
class AudiencePlan:
    meetings: list[TrainingSession]
    result: EnrolResult
    free: int
    by_unit: list[UnitCount] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """What the preview showed, to check at confirmation that nothing moved meanwhile."""
        ids = [p.id for p in self.result.enrolled] + [0] + [p.id for p in self.result.waitlisted]
        text = ",".join(map(str, [m.id for m in self.meetings] + [0] + ids))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def plan(training_session: TrainingSession, meetings: list[TrainingSession]) -> AudiencePlan:
    """Who of the audience would get a seat in every meeting, who would wait, who is left
    out (already booked, removed earlier, double-booked elsewhere)."""
    if training_session.audience_unit is None:
        raise RuleViolation(_("Sesi ini belum punya satuan sasaran; tambahkan peserta manual."))
    people = list(db.session.scalars(audience_people(training_session)))
    statuses: dict[int, set[str]] = {}
    for person_id, status in db.session.execute(
        select(Enrollment.person_id, Enrollment.status).where(
            Enrollment.session_id.in_([m.id for m in meetings])
        )
    ):
        statuses.setdefault(person_id, set()).add(status)
    result, candidates = EnrolResult(), []
    for person in people:
        held = statuses.get(person.id, set())
        if held & set(series.HOLDING):
            result.already.append(person)
        elif EnrollmentStatus.CANCELLED in held:
            result.removed_before.append(person)
        else:
            candidates.append(person)
    clashes = series.clashes([p.id for p in candidates], meetings)
    result.skipped_conflicts = [(p, clashes[p.id]) for p in candidates if p.id in clashes]
    fresh = [p for p in candidates if p.id not in clashes]
    free = series.free_seats(meetings)
    result.enrolled, result.waitlisted = fresh[:free], fresh[free:]
    return AudiencePlan(meetings, result, free, _by_unit(result))


def _by_unit(result: EnrolResult) -> list[UnitCount]:
    seats = Counter(p.unit.name for p in result.enrolled)
    waiting = Counter(p.unit.name for p in result.waitlisted)
    names = sorted(set(seats) | set(waiting), key=lambda n: (-(seats[n] + waiting[n]), n))
    return [UnitCount(n, seats[n], waiting[n]) for n in names]


def preview(training_session: TrainingSession, now: datetime | None = None) -> AudiencePlan:
    """The plan as it stands now (nothing is written, no lock is taken)."""
    now = now or datetime.now(UTC)
    _check_open(training_session, now)
    meetings = db.session.scalars(
        select(TrainingSession)
        .where(TrainingSession.id.in_(series.meeting_ids(training_session, now)))
        .order_by(TrainingSession.starts_at)
    ).all()
    return plan(training_session, list(meetings))


def enrol(
    training_session: TrainingSession, *, actor, now=None, fingerprint: str | None = None
) -> AudiencePlan:
    """Book the audience into every remaining meeting, inside the seat locks. With the
    preview's ``fingerprint``, refuses when the plan changed since the preview."""
    now = now or datetime.now(UTC)
    meetings = series.lock_meetings(training_session, now)
    chosen = next(m for m in meetings if m.id == training_session.id)
    _check_open(chosen, now)
    found = plan(chosen, meetings)
    if fingerprint is not None and fingerprint != found.fingerprint:
        raise RuleViolation(
            _("Daftar sasaran berubah sejak pratinjau. Periksa pratinjau baru lalu konfirmasi.")
        )
    result = found.result
    ranks: dict[int, int | None] = {p.id: None for p in result.enrolled}
    first = series.next_rank(meetings) if result.waitlisted else 0
    ranks |= {p.id: first + i for i, p in enumerate(result.waitlisted)}
    booked = [*result.enrolled, *result.waitlisted]
    rows = series.existing_rows(meetings, [p.id for p in booked]) if booked else []
    if ranks:
        series.write(meetings, ranks, rows, actor, now)
    return found
