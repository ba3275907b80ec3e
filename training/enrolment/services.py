"""Enrolment rules: fill a session with its audience, add and remove people, keep the
waitlist in order and promote from it when seats free up. The caller commits.

Every function that changes seats takes the session's seat lock first (``lock_session``)
and counts seats inside it, so concurrent requests cannot overfill a session or promote
the same waiting person twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import func, insert, select
from sqlalchemy.orm import contains_eager

from training.audit.services import entry, plain, record_many
from training.core.events import emit
from training.core.timefmt import format_local
from training.enrolment.locking import lock_session
from training.errors import RuleViolation
from training.extensions import db
from training.people.models import Person
from training.policy.scope import can_see_unit, scope_of
from training.sessions.conflicts import person_conflicts
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession
from training.units.models import Unit, in_subtree

ENROLLED, WAITLISTED, CANCELLED = (
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
    EnrollmentStatus.CANCELLED,
)


@dataclass
class EnrolResult:
    enrolled: list[Person] = field(default_factory=list)
    waitlisted: list[Person] = field(default_factory=list)
    #: (person, the overlapping session they are already enrolled in)
    skipped_conflicts: list[tuple[Person, TrainingSession]] = field(default_factory=list)
    already: list[Person] = field(default_factory=list)
    #: People removed from this session earlier: not re-added by a bulk fill.
    removed_before: list[Person] = field(default_factory=list)


@dataclass
class RebalanceResult:
    promoted: list[Enrollment] = field(default_factory=list)
    #: Enrolled people beyond the capacity (capacity shrank); nobody is demoted.
    over_capacity: int = 0


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def session_label(training_session: TrainingSession) -> str:
    """E.g. "Tingkat 2 (3 Nov 2026 09.00 WITA)"."""
    title = training_session.title or training_session.course.title
    when = format_local(training_session.starts_at, training_session.venue_unit.timezone)
    return f"{title} ({when})"


def audience_people(training_session: TrainingSession):
    """Select of the session's audience in a stable order (unit code, then name): the people
    of the audience unit's subtree who are targets of the course (one of its target positions
    in a unit of one of its target levels) and hold one of the session's audience positions
    when it names some; empty without an audience unit."""
    stmt = (
        select(Person)
        .join(Person.unit)
        .options(contains_eager(Person.unit))
        .order_by(Unit.code, Person.full_name, Person.id)
    )
    audience = training_session.audience_unit
    if audience is None:
        return stmt.where(False)
    stmt = stmt.where(in_subtree(audience.path))
    course = training_session.course
    if course.target_positions:
        stmt = stmt.where(Person.position.in_(list(course.target_positions)))
    if course.target_levels:
        stmt = stmt.where(Unit.level.in_(list(course.target_levels)))
    if training_session.audience_positions:
        stmt = stmt.where(Person.position.in_(training_session.audience_positions))
    return stmt


def enrolled_count(session_id: int) -> int:
    stmt = select(func.count()).where(
        Enrollment.session_id == session_id, Enrollment.status == ENROLLED
    )
    return db.session.scalar(stmt)


def _next_rank(session_id: int) -> int:
    stmt = select(func.max(Enrollment.waitlist_rank)).where(Enrollment.session_id == session_id)
    return (db.session.scalar(stmt) or 0) + 1


def _check_open(training_session: TrainingSession, now: datetime) -> None:
    if training_session.status == SessionStatus.CANCELLED:
        raise RuleViolation(_("Sesi ini sudah dibatalkan."))
    if training_session.ends_at <= now:
        raise RuleViolation(_("Sesi ini sudah selesai."))


def _check_not_started(training_session: TrainingSession, now: datetime) -> None:
    if training_session.status != SessionStatus.SCHEDULED:
        raise RuleViolation(_("Sesi ini belum dibuka untuk pendaftaran."))
    if training_session.starts_at <= now:
        raise RuleViolation(_("Sesi ini sudah dimulai; pendaftaran ditutup."))


def _outside_audience(training_session: TrainingSession, people) -> list[str]:
    audience = training_session.audience_unit
    if audience is None:
        return []
    return [
        _(
            "%(name)s bukan sasaran sesi ini (di luar %(unit)s).",
            name=p.full_name,
            unit=audience.name,
        )
        for p in people
        if not p.unit.path.startswith(audience.path)
    ]


def _in_actor_scope(actor, person: Person) -> bool:
    return actor is None or can_see_unit(scope_of(actor), person.unit)


def conflict_message(person: Person, other: TrainingSession) -> str:
    return _(
        "%(name)s (%(id_label)s %(nrp)s) sudah terdaftar di sesi %(session)s "
        "yang waktunya bertabrakan.",
        name=person.full_name,
        id_label=person.id_label,
        nrp=person.nrp,
        session=session_label(other),
    )


def enrol_audience(training_session: TrainingSession, *, actor, now=None) -> EnrolResult:
    """Fill the session with its audience; seats first, then the waitlist in order.

    A bounded number of statements whatever the audience size.
    """
    now = _now(now)
    training_session = lock_session(training_session.id)
    _check_open(training_session, now)
    if training_session.audience_unit is None:
        raise RuleViolation(_("Sesi ini belum punya satuan sasaran; tambahkan peserta manual."))
    people = list(db.session.scalars(audience_people(training_session)))
    existing = dict(
        db.session.execute(
            select(Enrollment.person_id, Enrollment.status).where(
                Enrollment.session_id == training_session.id
            )
        ).all()
    )
    result = EnrolResult()
    candidates = []
    for person in people:
        status = existing.get(person.id)
        if status == CANCELLED:
            result.removed_before.append(person)
        elif status is not None:
            result.already.append(person)
        else:
            candidates.append(person)
    clashes = _first_conflicts(training_session, [p.id for p in candidates])
    for person in candidates:
        if person.id in clashes:
            result.skipped_conflicts.append((person, clashes[person.id]))
    free = max(0, training_session.capacity - enrolled_count(training_session.id))
    fresh = [p for p in candidates if p.id not in clashes]
    result.enrolled, result.waitlisted = fresh[:free], fresh[free:]
    rank = _next_rank(training_session.id) if result.waitlisted else 0
    rows = [_row(training_session, p, ENROLLED, None, actor, now) for p in result.enrolled]
    rows += [
        _row(training_session, p, WAITLISTED, rank + i, actor, now)
        for i, p in enumerate(result.waitlisted)
    ]
    if rows:
        db.session.execute(insert(Enrollment), rows)
        db.session.expire(training_session, ["enrollments"])
        record_many([_audit(training_session, r, "create", None, actor, now) for r in rows])
        emit("enrolled", session=training_session, people=result.enrolled, now=now)
    return result


def _audit(training_session, row, action, before_status, actor, now) -> dict:
    """The audit entry of one enrolment row (a dict or an Enrollment) changing status."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    after = {"status": plain(get("status"))}
    if get("waitlist_rank") is not None:
        after["waitlist_rank"] = get("waitlist_rank")
    return entry(
        "enrollment",
        action,
        user=actor,
        entity_id=get("id"),
        session_id=training_session.id,
        person_id=get("person_id"),
        course_id=training_session.course_id,
        before={"status": plain(before_status)} if before_status is not None else None,
        after=after,
        now=now,
    )


def _first_conflicts(training_session, person_ids) -> dict[int, TrainingSession]:
    found: dict[int, TrainingSession] = {}
    for person_id, other in person_conflicts(
        person_ids, training_session.starts_at, training_session.ends_at, [training_session.id]
    ):
        found.setdefault(person_id, other)
    return found


def _row(training_session, person, status, rank, actor, now) -> dict:
    return dict(
        session_id=training_session.id,
        person_id=person.id,
        status=status,
        waitlist_rank=rank,
        enrolled_by_id=actor.id if actor is not None else None,
        created_at=now,
        updated_at=now,
    )


def enrol_person(training_session, person, *, actor, now=None) -> Enrollment:
    """Add one person: a seat if one is free, else the end of the waitlist."""
    return enrol_people(training_session, [person], actor=actor, now=now)[0]


def enrol_people(training_session, people, *, actor, now=None, open_only=False) -> list[Enrollment]:
    """Add several people, all or nothing: every problem is reported in one message.

    ``open_only`` (commanders enrolling their people): the session must be scheduled and
    not started, and every person must belong to its audience unit's subtree.
    """
    now = _now(now)
    training_session = lock_session(training_session.id)
    _check_open(training_session, now)
    if open_only:
        _check_not_started(training_session, now)
    people = list(dict.fromkeys(people))
    rows = {
        row.person_id: row
        for row in db.session.scalars(
            select(Enrollment)
            .where(
                Enrollment.session_id == training_session.id,
                Enrollment.person_id.in_([p.id for p in people]),
            )
            .execution_options(populate_existing=True)
        )
    }
    problems = _problems(training_session, people, rows, actor)
    if open_only:
        problems += _outside_audience(training_session, people)
    if problems:
        raise RuleViolation(" ".join(problems))
    free = training_session.capacity - enrolled_count(training_session.id)
    rank = _next_rank(training_session.id)
    done, before = [], {pid: row.status for pid, row in rows.items()}
    for person in people:
        row = rows.get(person.id)
        if row is None:
            row = Enrollment(session=training_session, person=person, created_at=now)
            db.session.add(row)
        if free > 0:
            row.status, row.waitlist_rank = ENROLLED, None
            free -= 1
        else:
            row.status, row.waitlist_rank = WAITLISTED, rank
            rank += 1
        row.enrolled_by_id = actor.id if actor is not None else None
        row.updated_at = now
        done.append(row)
    db.session.flush()
    record_many(
        [
            _audit(
                training_session,
                r,
                "update" if r.person_id in before else "create",
                before.get(r.person_id),
                actor,
                now,
            )
            for r in done
        ]
    )
    emit("enrolled", session=training_session, enrolments=done, now=now)
    return done


def _problems(training_session, people, rows, actor) -> list[str]:
    problems = []
    for person in people:
        row = rows.get(person.id)
        if not _in_actor_scope(actor, person):
            problems.append(
                _("%(name)s berada di luar lingkup satuan Anda.", name=person.full_name)
            )
        elif row is not None and row.status == ENROLLED:
            problems.append(_("%(name)s sudah terdaftar di sesi ini.", name=person.full_name))
        elif row is not None and row.status == WAITLISTED:
            problems.append(_("%(name)s sudah ada di daftar tunggu.", name=person.full_name))
    clashes = _first_conflicts(training_session, [p.id for p in people])
    by_id = {p.id: p for p in people}
    problems += [conflict_message(by_id[pid], other) for pid, other in clashes.items()]
    return problems


def remove_person(enrollment: Enrollment, *, actor, now=None) -> RebalanceResult:
    """Cancel an enrolment (the row stays for history) and promote from the waitlist."""
    now = _now(now)
    _check_open(lock_session(enrollment.session_id), now)
    db.session.refresh(enrollment)
    if not _in_actor_scope(actor, enrollment.person):
        raise RuleViolation(
            _("%(name)s berada di luar lingkup satuan Anda.", name=enrollment.person.full_name)
        )
    if enrollment.status == CANCELLED:
        raise RuleViolation(
            _("%(name)s sudah dikeluarkan dari sesi ini.", name=enrollment.person.full_name)
        )
    before = enrollment.status
    enrollment.status, enrollment.waitlist_rank, enrollment.updated_at = CANCELLED, None, now
    db.session.flush()
    record_many([_audit(enrollment.session, enrollment, "remove", before, actor, now)])
    return _promote(enrollment.session, now, actor)


def rebalance(training_session: TrainingSession, *, now=None, actor=None) -> RebalanceResult:
    """After a capacity change: promote waiting people into new seats; never demote."""
    training_session = lock_session(training_session.id)
    return _promote(training_session, _now(now), actor)


def _promote(training_session: TrainingSession, now: datetime, actor=None) -> RebalanceResult:
    """Fill free seats from the waitlist in rank order (called inside the seat lock).

    Waiting people double-booked elsewhere meanwhile keep their place and are passed over.
    """
    free = training_session.capacity - enrolled_count(training_session.id)
    if free <= 0:
        return RebalanceResult(over_capacity=-free)
    waiting = list(
        db.session.scalars(
            select(Enrollment)
            .where(Enrollment.session_id == training_session.id, Enrollment.status == WAITLISTED)
            .order_by(Enrollment.waitlist_rank, Enrollment.id)
            .execution_options(populate_existing=True)
        )
    )
    clashes = _first_conflicts(training_session, [e.person_id for e in waiting])
    promoted = [e for e in waiting if e.person_id not in clashes][:free]
    for row in promoted:
        row.status, row.waitlist_rank, row.updated_at = ENROLLED, None, now
    db.session.flush()
    record_many([_audit(training_session, r, "promote", WAITLISTED, actor, now) for r in promoted])
    emit("waitlist_promoted", session=training_session, enrolments=promoted, now=now)
    return RebalanceResult(promoted=promoted)
