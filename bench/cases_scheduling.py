"""Issue-3 benchmarks: a 52-week series, auto-enrolling a Polda's kapolsek, the cycle planner.

Everything runs inside one transaction that is rolled back at the end, so the shared bench
database keeps only the national-scale seed. The bench programme (three default tiers,
a cycle in January-February 2027) and its CourseStatus rows are made deterministically
from person ids: tier 1 done by most Polda-level targets (some certificates expiring during
the cycle), tier 2 by 70% of Polres-level targets, so that train-the-trainer applies.
"""

from __future__ import annotations

import statistics
import time as clock
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, insert, select

from bench.measure import alternate, counting
from training.auth.models import User
from training.enrolment.services import audience_people, enrol_audience
from training.extensions import db
from training.people.models import Person
from training.planner.services import propose_cycle
from training.programs.cascade import target_people_filter
from training.programs.models import CourseStatus
from training.programs.services import create_cycle, create_program
from training.sessions.conflicts import person_conflicts, trainer_conflicts
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionSeries, SessionStatus, SessionTrainer, TrainingSession
from training.sessions.recurrence import WEEKLY, Repeat
from training.sessions.services import SessionData, create_series, new_uid
from training.units.models import Unit

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
FIRST = datetime(2027, 1, 5, 9, 0)  # a Tuesday, 09.00 local
PLANNER_TARGET_SECONDS = 10.0


def _entry(name, candidate, reference, unit, reference_label, scale=1000.0, **extra) -> dict:
    median = statistics.median(candidate) * scale
    ref = statistics.median(reference) * scale if isinstance(reference, list) else reference
    return {
        "name": name,
        "median": round(median, 3),
        "unit": unit,
        "reference_median": round(ref, 3),
        "reference": reference_label,
        "ratio": round(median / ref, 3) if ref else None,
        "repetitions": len(candidate),
        **extra,
    }


def _count(fn) -> int:
    with counting(db.engine) as counter:
        fn()
    return counter.count


# --- setup ----------------------------------------------------------------------------------


def setup() -> dict:
    program = create_program(
        "Bench: Pelatihan Akun Medsos Bercentang Biru",
        date(2027, 1, 4),
        date(2027, 2, 12),
        with_default_tiers=True,
    )
    cycle = create_cycle(program)
    courses = sorted(program.courses, key=lambda c: c.tier)
    for course, share in ((courses[0], 8), (courses[1], 7)):
        _complete(course, share)
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    trainer = db.session.scalar(select(User).where(User.username == "pelatih"))
    if admin is None or trainer is None:
        raise RuntimeError("bench needs the demo accounts admin and pelatih (seed-demo)")
    db.session.flush()
    return {
        "program": program,
        "cycle": cycle,
        "courses": courses,
        "admin": admin,
        "trainer": trainer,
    }


def _complete(course, share: int) -> None:
    """``share`` in 10 of the course's targets completed it (by person id); of those, one
    in five on a day whose certificate expires during the bench cycle."""
    ids = db.session.scalars(
        select(Person.id).join(Person.unit).where(target_people_filter(course)).order_by(Person.id)
    ).all()
    rows = [
        {
            "person_id": pid,
            "course_id": course.id,
            "status": "completed",
            "completed_on": date(2026, 1, 20) if pid % 5 == 0 else date(2026, 9, 1),
            "updated_at": NOW,
        }
        for pid in ids
        if pid % 10 < share
    ]
    db.session.execute(insert(CourseStatus), rows)


# --- (1) a 52-week series -------------------------------------------------------------------


def _series_data(ctx) -> SessionData:
    polda = db.session.scalar(select(Unit).where(Unit.code == "15"))
    return SessionData(
        course=ctx["courses"][0],
        venue_unit=polda,
        start_local=FIRST,
        duration_minutes=180,
        audience_unit=polda,
        audience_positions=["kapolda", "wakapolda"],
        venue="Aula Bench",
        capacity=30,
        trainer_users=[ctx["trainer"]],
    )


def _series(ctx, weeks: int):
    repeat = Repeat(freq=WEEKLY, weekdays=(1,), count=weeks)
    return create_series(ctx["admin"], _series_data(ctx), repeat, now=NOW)


def _one_by_one(ctx, weeks: int) -> list[int]:
    """Reference: each occurrence checked and inserted on its own with the ORM."""
    data = _series_data(ctx)
    ids = []
    for week in range(weeks):
        local = FIRST + timedelta(weeks=week)
        starts_at = local.replace(tzinfo=UTC) - timedelta(hours=7)  # Polda 15 is WIB
        ends_at = starts_at + timedelta(minutes=data.duration_minutes)
        if trainer_conflicts([ctx["trainer"].id], [], starts_at, ends_at):
            raise RuntimeError("reference series clashes")
        session = TrainingSession(
            course_id=data.course.id, venue_unit_id=data.venue_unit.id,
            audience_unit_id=data.audience_unit.id, audience_positions=data.audience_positions,
            starts_at=starts_at, ends_at=ends_at, venue=data.venue, capacity=data.capacity,
            status=SessionStatus.SCHEDULED, uid=new_uid(), created_at=NOW, updated_at=NOW,
        )  # fmt: skip
        db.session.add(session)
        db.session.flush()
        db.session.add(SessionTrainer(session_id=session.id, user_id=ctx["trainer"].id))
        db.session.flush()
        ids.append(session.id)
    return ids


def _clear_sessions(ctx) -> None:
    """Remove every session of the bench programme's tier-1 course (and its series)."""
    course_id = ctx["courses"][0].id
    ids = select(TrainingSession.id).where(TrainingSession.course_id == course_id)
    db.session.execute(delete(SessionTrainer).where(SessionTrainer.session_id.in_(ids)))
    db.session.execute(delete(Enrollment).where(Enrollment.session_id.in_(ids)))
    db.session.execute(delete(TrainingSession).where(TrainingSession.course_id == course_id))
    db.session.execute(delete(SessionSeries).where(SessionSeries.course_id == course_id))
    db.session.expire_all()


def series_cases(ctx, repetitions: int) -> list[dict]:
    statements = {}
    for weeks in (8, 52):
        _clear_sessions(ctx)
        statements[weeks] = _count(lambda weeks=weeks: _series(ctx, weeks))
    _clear_sessions(ctx)
    made = _series(ctx, 52)
    assert len(made.sessions) == 52, f"series made {len(made.sessions)} sessions"
    _clear_sessions(ctx)
    reference_statements = _count(lambda: _one_by_one(ctx, 52))
    pair = alternate(
        lambda: _series(ctx, 52),
        lambda: _one_by_one(ctx, 52),
        repetitions,
        before_each=lambda: _clear_sessions(ctx),
    )
    _clear_sessions(ctx)
    return [
        _entry(
            "create_series: weekly, 52 occurrences (Polda 15, one trainer)",
            pair.candidate,
            pair.reference,
            "ms",
            "52 sessions one at a time with the ORM (conflict check + 2 inserts each)",
            statements=statements[52],
            statements_8_weeks=statements[8],
            statements_constant=statements[8] == statements[52],
            reference_statements=reference_statements,
        )
    ]


# --- (2) enrolling a whole Polda's kapolsek ----------------------------------------------


def _polda_with_most_kapolsek() -> tuple[Unit, int]:
    poldas = db.session.scalars(select(Unit).where(Unit.level == "polda")).all()
    counts = dict(
        db.session.execute(
            select(Unit.path, func.count(Person.id))
            .join(Person, Person.unit_id == Unit.id)
            .where(Person.position == "kapolsek")
            .group_by(Unit.path)
        ).all()
    )
    totals = {p.id: sum(n for path, n in counts.items() if path.startswith(p.path)) for p in poldas}
    best = max(poldas, key=lambda p: (totals[p.id], p.code))
    return best, totals[best.id]


def _audience_session(ctx, polda: Unit, size: int, day: int) -> TrainingSession:
    session = TrainingSession(
        course_id=ctx["courses"][2].id, venue_unit_id=polda.id, audience_unit_id=polda.id,
        audience_positions=["kapolsek"], starts_at=datetime(2027, 1, day, 2, 0, tzinfo=UTC),
        ends_at=datetime(2027, 1, day, 5, 0, tzinfo=UTC), capacity=size,
        status=SessionStatus.SCHEDULED, uid=new_uid(), created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    db.session.add(session)
    db.session.flush()
    return session


def _naive_enrol(session: TrainingSession, actor) -> int:
    """Reference: one person at a time (existing row, clash check, seat count, insert)."""
    done = 0
    for person in db.session.scalars(audience_people(session)).all():
        existing = db.session.scalar(
            select(Enrollment.id).where(
                Enrollment.session_id == session.id, Enrollment.person_id == person.id
            )
        )
        if existing or person_conflicts(
            [person.id], session.starts_at, session.ends_at, [session.id]
        ):
            continue
        taken = db.session.scalar(
            select(func.count()).where(
                Enrollment.session_id == session.id, Enrollment.status == EnrollmentStatus.ENROLLED
            )
        )
        status = (
            EnrollmentStatus.ENROLLED if taken < session.capacity else EnrollmentStatus.WAITLISTED
        )
        row = dict(session_id=session.id, person_id=person.id, status=status)
        db.session.add(Enrollment(**row, enrolled_by_id=actor.id, created_at=NOW, updated_at=NOW))
        db.session.flush()
        done += 1
    return done


def _clear_enrolments(*sessions) -> None:
    ids = [s.id for s in sessions]
    db.session.execute(delete(Enrollment).where(Enrollment.session_id.in_(ids)))
    db.session.expire_all()


def enrol_cases(ctx, repetitions: int) -> list[dict]:
    polda, size = _polda_with_most_kapolsek()
    small = db.session.scalar(
        select(Unit)
        .where(Unit.level == "polres", Unit.path.startswith(polda.path))
        .order_by(Unit.code)
    )
    big_session = _audience_session(ctx, polda, size, 6)
    small_session = _audience_session(ctx, small, size, 7)
    actor = ctx["admin"]
    for session in (small_session, big_session):  # warm the identity map and caches
        enrol_audience(session, actor=actor, now=NOW)
    _clear_enrolments(small_session, big_session)
    small_statements = _count(lambda: enrol_audience(small_session, actor=actor, now=NOW))
    db.session.expire_all()  # both counts start from the same (expired) state
    statements = _count(lambda: enrol_audience(big_session, actor=actor, now=NOW))
    enrolled = db.session.scalar(
        select(func.count()).where(Enrollment.session_id == big_session.id)
    )
    _clear_enrolments(big_session)
    reference_statements = _count(lambda: _naive_enrol(big_session, actor))
    pair = alternate(
        lambda: enrol_audience(big_session, actor=actor, now=NOW),
        lambda: _naive_enrol(big_session, actor),
        repetitions,
        before_each=lambda: _clear_enrolments(big_session),
    )
    _clear_enrolments(big_session, small_session)
    return [
        _entry(
            f"enrol_audience: every kapolsek of {polda.name} ({polda.code})",
            pair.candidate,
            pair.reference,
            "ms",
            "naive per-person loop (existing row, clash check, seat count, insert)",
            people=enrolled,
            statements=statements,
            statements_one_polres=small_statements,
            statements_constant=statements == small_statements,
            reference_statements=reference_statements,
        )
    ]


# --- (3) the cycle planner ---------------------------------------------------------------


def planner_cases(ctx, repetitions: int) -> list[dict]:
    runs = max(1, min(repetitions, 5))
    run = lambda: propose_cycle(ctx["program"], ctx["cycle"], actor=ctx["admin"], now=NOW)  # noqa: E731
    with counting(db.engine) as counter:
        proposal = run()
    times = []
    for _ in range(runs):
        db.session.expire_all()
        started = clock.perf_counter()
        run()
        times.append(clock.perf_counter() - started)
    return [
        _entry(
            "propose_cycle: national scale, three tiers (re-run replaces drafts)",
            times,
            PLANNER_TARGET_SECONDS,
            "s",
            f"target: runs in seconds (under {PLANNER_TARGET_SECONDS:.0f} s)",
            scale=1.0,
            statements=counter.count,
            sessions=len(proposal.session_ids),
            people=proposal.total("placed"),
            targets=proposal.total("targets"),
            without_slot=proposal.total("unplaced"),
            per_tier=[
                {
                    "tier": t.course.tier,
                    "targets": t.total("targets"),
                    "sessions": t.total("sessions"),
                    "unplaced": t.total("unplaced"),
                }
                for t in proposal.tiers
            ],  # fmt: skip
        )
    ]


def run(repetitions: int) -> list[dict]:
    """All issue-3 cases; the database is left as it was (rolled back)."""
    db.session.rollback()
    try:
        ctx = setup()
        entries = series_cases(ctx, repetitions)
        entries += enrol_cases(ctx, repetitions)
        entries += planner_cases(ctx, repetitions)
    finally:
        db.session.rollback()
    return entries
