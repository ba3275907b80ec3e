"""Issue-4 benchmarks: a 40-person roll call, a 40 x 6 assessment grid, refreshing standings.

Everything runs inside one transaction that is rolled back at the end, so the shared bench
database keeps only the national-scale seed. The bench programme (three default tiers in
March 2027), its sessions (ended before ``NOW``), enrolments, marks and attempts are made
deterministically from the kapolsek of the Polda with the most of them, ordered by id.
Every reference does the same final ``refresh_standing`` as the service it is compared with,
so the ratio measures the per-person writes, not the standing engine.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, insert, select

from bench.cases_scheduling import _count, _entry, _polda_with_most_kapolsek
from bench.measure import alternate
from tests.oracles.standing import recompute_from_raw
from training.assessments.framework import assign_default_competencies
from training.assessments.grid import GridRow, save_grid
from training.assessments.models import AssessmentAttempt, AssessmentScore
from training.attendance.models import AbsenceWarning, Attendance, CheckinMethod
from training.attendance.models import AttendanceStatus as S
from training.attendance.services import Mark, save_roll_call, snapshot
from training.audit.models import AuditEntry
from training.audit.services import record
from training.auth.models import User
from training.extensions import db
from training.people.models import Person
from training.programs.models import CourseStatus
from training.programs.services import create_program
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession
from training.sessions.services import new_uid
from training.standing.engine import refresh_standing
from training.units.models import Unit

NOW = datetime(2027, 3, 20, 3, 0, tzinfo=UTC)
FIRST_DAY = datetime(2027, 3, 2, 2, 0, tzinfo=UTC)  # 09.00 WIB
#: Mixed first marks, by position in the sheet (every block of 10 holds each status).
CYCLE = (S.HADIR, S.TERLAMBAT, S.HADIR, S.IZIN, S.HADIR, S.SAKIT, S.ALPA, S.HADIR, S.DINAS_LUAR,
         S.CUTI)  # fmt: skip


# --- setup ----------------------------------------------------------------------------------


def setup() -> dict:
    program = create_program(
        "Bench: Absensi dan Penilaian Pelatihan Medsos",
        date(2027, 3, 1),
        date(2027, 4, 30),
        with_default_tiers=True,
    )
    courses = sorted(program.courses, key=lambda c: c.tier)
    for course in courses[:2]:
        assign_default_competencies(course)
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    if admin is None:
        raise RuntimeError("bench needs the demo account admin (seed-demo)")
    polda, _size = _polda_with_most_kapolsek()
    people = db.session.scalars(
        select(Person.id)
        .join(Unit, Unit.id == Person.unit_id)
        .where(Person.position == "kapolsek", Unit.path.startswith(polda.path))
        .order_by(Person.id)
    ).all()
    if len(people) < 40:
        raise RuntimeError(f"bench needs 40 kapolsek in one Polda, found {len(people)}")
    ctx = {"admin": admin, "polda": polda, "people": list(people), "courses": courses}
    ctx["small"] = _session(courses[0], polda, 0, people[:10])
    ctx["big"] = _session(courses[0], polda, 1, people[:40])
    ctx["series"] = [_session(courses[1], polda, day, people) for day in range(4)]
    db.session.flush()
    return ctx


def _session(course, polda: Unit, day: int, people) -> TrainingSession:
    starts = FIRST_DAY + timedelta(days=day)
    session = TrainingSession(
        course_id=course.id, venue_unit_id=polda.id, audience_unit_id=polda.id,
        audience_positions=["kapolsek"], starts_at=starts, ends_at=starts + timedelta(hours=3),
        capacity=len(people), status=SessionStatus.SCHEDULED, uid=new_uid(), created_at=NOW,
        updated_at=NOW,
    )  # fmt: skip
    db.session.add(session)
    db.session.flush()
    rows = [
        {"session_id": session.id, "person_id": pid, "status": EnrollmentStatus.ENROLLED,
         "created_at": NOW, "updated_at": NOW}
        for pid in people
    ]  # fmt: skip
    db.session.execute(insert(Enrollment), rows)
    return session


def _clear_standing(course) -> None:
    """Forget the course's standings, warnings and audit trail (the next write starts fresh)."""
    db.session.execute(delete(CourseStatus).where(CourseStatus.course_id == course.id))
    db.session.execute(delete(AbsenceWarning).where(AbsenceWarning.course_id == course.id))
    db.session.execute(delete(AuditEntry).where(AuditEntry.course_id == course.id))


# --- (1) the roll call ----------------------------------------------------------------------


def first_marks(people) -> list[Mark]:
    return [Mark(pid, CYCLE[i % 10]) for i, pid in enumerate(people)]


def second_marks(people) -> list[Mark]:
    """The whole sheet again; every fourth person corrected (status and note)."""
    marks = first_marks(people)
    for i in range(0, len(marks), 4):
        marks[i] = Mark(marks[i].person_id, CYCLE[(i + 5) % 10], "Dikoreksi pelatih")
    return marks


def _naive_roll_call(session, marks, actor) -> set[int]:
    """Reference: per person select the row, insert or update it with the ORM, audit it."""
    changed = set()
    method = CheckinMethod.ROLL_CALL
    for mark in marks:
        note = mark.note.strip()
        row = db.session.scalar(
            select(Attendance).where(
                Attendance.session_id == session.id, Attendance.person_id == mark.person_id
            )
        )
        if row is None:
            row = Attendance(
                session_id=session.id, person_id=mark.person_id, status=mark.status, note=note,
                method=method, recorded_by_id=actor.id, updated_at=NOW,
            )  # fmt: skip
            db.session.add(row)
            db.session.flush()
            action, before = "create", None
        elif (row.status, row.note) != (mark.status, note):
            before = snapshot(row.status, row.note, row.method)
            row.status, row.note, row.method = mark.status, note, method
            row.recorded_by_id, row.updated_at = actor.id, NOW
            db.session.flush()
            action = "update"
        else:
            continue
        record(
            "attendance", action, user=actor, entity_id=row.id, session_id=session.id,
            person_id=mark.person_id, course_id=session.course_id, before=before,
            after=snapshot(mark.status, note, method), now=NOW,
        )  # fmt: skip
        changed.add(mark.person_id)
    if changed:
        refresh_standing(session.course, sorted(changed), actor=actor, now=NOW)
    return changed


def _reset_roll_call(ctx) -> None:
    ids = [ctx["small"].id, ctx["big"].id]
    db.session.execute(delete(Attendance).where(Attendance.session_id.in_(ids)))
    _clear_standing(ctx["courses"][0])


def roll_call_cases(ctx, repetitions: int) -> list[dict]:
    actor, people = ctx["admin"], ctx["people"]
    sheets = {10: (ctx["small"], people[:10]), 40: (ctx["big"], people[:40])}

    def save(size, marks_of):
        session, who = sheets[size]
        return save_roll_call(session, marks_of(who), actor=actor, now=NOW)

    def naive(size, marks_of):
        session, who = sheets[size]
        return _naive_roll_call(session, marks_of(who), actor)

    first, second = {}, {}
    for size in (10, 40):  # warm the identity map and caches
        _reset_roll_call(ctx)
        save(size, first_marks)
        save(size, second_marks)
    for size in (10, 40):
        _reset_roll_call(ctx)
        db.session.expire_all()
        first[size] = _count(lambda size=size: save(size, first_marks))
        second[size] = _count(lambda size=size: save(size, second_marks))
    _reset_roll_call(ctx)
    ref_first = _count(lambda: naive(40, first_marks))
    ref_second = _count(lambda: naive(40, second_marks))
    made = db.session.scalar(select(db.func.count()).where(Attendance.session_id == ctx["big"].id))
    assert made == 40, f"roll call left {made} rows"
    pair_first = alternate(
        lambda: save(40, first_marks),
        lambda: naive(40, first_marks),
        repetitions,
        before_each=lambda: _reset_roll_call(ctx),
    )

    def before_second():
        _reset_roll_call(ctx)
        save(40, first_marks)

    pair_second = alternate(
        lambda: save(40, second_marks),
        lambda: naive(40, second_marks),
        repetitions,
        before_each=before_second,
    )
    _reset_roll_call(ctx)
    reference = "naive per-person loop (select, ORM insert/update, audit.record) + refresh"
    return [
        _entry(
            "save_roll_call: 40 people, first save (7 statuses)",
            pair_first.candidate, pair_first.reference, "ms", reference,
            people=40, statements=first[40], statements_10_people=first[10],
            statements_constant=first[10] == first[40], reference_statements=ref_first,
        ),
        _entry(
            "save_roll_call: 40 people, second save (10 corrected)",
            pair_second.candidate, pair_second.reference, "ms", reference,
            people=40, changed=10, statements=second[40], statements_10_people=second[10],
            statements_constant=second[10] == second[40], reference_statements=ref_second,
        ),
    ]  # fmt: skip


# --- (2) the assessment grid ----------------------------------------------------------------


def grid_rows(people, competency_ids) -> list[GridRow]:
    """Levels 2..5 by person and competency; every fifth person has one Kurang (fails)."""
    rows = []
    for i, pid in enumerate(people):
        levels = {cid: 2 + (i + k) % 4 for k, cid in enumerate(competency_ids)}
        if i % 5 == 4:
            levels[competency_ids[0]] = 1
        rows.append(GridRow(pid, levels=levels))
    return rows


def _naive_grid(course, session, rows, actor) -> None:
    """Reference: per person look up the latest attempt, add it and its scores, audit it."""
    for row in rows:
        latest = db.session.scalar(
            select(db.func.max(AssessmentAttempt.attempt_no)).where(
                AssessmentAttempt.course_id == course.id,
                AssessmentAttempt.person_id == row.person_id,
            )
        )
        attempt = AssessmentAttempt(
            person_id=row.person_id, course_id=course.id, session_id=session.id,
            attempt_no=(latest or 0) + 1, assessed_by_id=actor.id, assessed_at=NOW, note="",
        )  # fmt: skip
        db.session.add(attempt)
        db.session.flush()
        for cid, level in row.levels.items():
            db.session.add(AssessmentScore(attempt_id=attempt.id, competency_id=cid, level=level))
            db.session.flush()
        record(
            "assessment", "create", user=actor, entity_id=attempt.id, session_id=session.id,
            person_id=row.person_id, course_id=course.id,
            after={"attempt_no": attempt.attempt_no, "levels": dict(row.levels)}, now=NOW,
        )  # fmt: skip
    refresh_standing(course, sorted(r.person_id for r in rows), actor=actor, now=NOW)


def _reset_grid(course) -> None:
    attempts = select(AssessmentAttempt.id).where(AssessmentAttempt.course_id == course.id)
    db.session.execute(delete(AssessmentScore).where(AssessmentScore.attempt_id.in_(attempts)))
    db.session.execute(delete(AssessmentAttempt).where(AssessmentAttempt.course_id == course.id))
    _clear_standing(course)


def grid_cases(ctx, repetitions: int) -> list[dict]:
    course, session, actor = ctx["courses"][0], ctx["big"], ctx["admin"]
    competency_ids = [cc.competency_id for cc in assign_default_competencies(course)]
    save_roll_call(session, first_marks(ctx["people"][:40]), actor=actor, now=NOW)
    rows = {n: grid_rows(ctx["people"][:n], competency_ids) for n in (4, 40)}

    def save(n):
        return save_grid(course, rows[n], actor=actor, session=session, now=NOW)

    for n in (4, 40):  # warm up
        _reset_grid(course)
        save(n)
    statements = {}
    for n in (4, 40):
        _reset_grid(course)
        db.session.expire_all()
        statements[n] = _count(lambda n=n: save(n))
    _reset_grid(course)
    reference_statements = _count(lambda: _naive_grid(course, session, rows[40], actor))
    pair = alternate(
        lambda: save(40),
        lambda: _naive_grid(course, session, rows[40], actor),
        repetitions,
        before_each=lambda: _reset_grid(course),
    )
    _reset_grid(course)
    return [
        _entry(
            f"save_grid: 40 people x {len(competency_ids)} competencies (first attempts)",
            pair.candidate, pair.reference, "ms",
            "per person: latest attempt lookup, ORM attempt + 6 score inserts, audit + refresh",
            people=40, competencies=len(competency_ids), statements=statements[40],
            statements_4_people=statements[4], statements_constant=statements[4] == statements[40],
            reference_statements=reference_statements,
        )
    ]  # fmt: skip


# --- (3) refreshing course standings --------------------------------------------------------


def _prepare_standing_course(ctx) -> None:
    """Attendance on the 4 sessions for every kapolsek, then a grid for three in four."""
    course, people, actor = ctx["courses"][1], ctx["people"], ctx["admin"]
    rows = [
        {"session_id": s.id, "person_id": pid, "status": CYCLE[(i + day * 3) % 10], "note": "",
         "method": CheckinMethod.ROLL_CALL, "recorded_by_id": actor.id, "updated_at": NOW}
        for day, s in enumerate(ctx["series"])
        for i, pid in enumerate(people)
    ]  # fmt: skip
    db.session.execute(insert(Attendance), rows)
    competency_ids = [cc.competency_id for cc in assign_default_competencies(course)]
    assessed = [pid for i, pid in enumerate(people) if i % 4 != 3]
    save_grid(course, grid_rows(assessed, competency_ids), actor=actor, now=NOW)


def _clear_course_status(course) -> None:
    db.session.execute(delete(CourseStatus).where(CourseStatus.course_id == course.id))
    db.session.execute(delete(AbsenceWarning).where(AbsenceWarning.course_id == course.id))
    db.session.execute(
        delete(AuditEntry).where(
            AuditEntry.course_id == course.id, AuditEntry.entity == "course_status"
        )
    )


def standing_cases(ctx, repetitions: int) -> list[dict]:
    _prepare_standing_course(ctx)
    course, actor, everyone, polda = ctx["courses"][1], ctx["admin"], ctx["people"], ctx["polda"]
    groups = {"40 kapolsek": everyone[:40], f"all {len(everyone)} kapolsek": everyone}

    def refresh(ids):
        return refresh_standing(course, ids, actor=actor, now=NOW)

    def plain(ids):
        return [recompute_from_raw(course, pid, NOW) for pid in ids]

    for ids in groups.values():  # warm up; check the engine agrees with the plain rules
        _clear_course_status(course)
        rows = refresh(ids)
    by_person = {row.person_id: row for row in rows}
    for pid, expected in zip(everyone, plain(everyone), strict=True):
        assert by_person[pid].status == expected.status, f"standing of {pid} disagrees"
    statements = {}
    for label, ids in groups.items():
        _clear_course_status(course)
        db.session.expire_all()
        statements[label] = _count(lambda ids=ids: refresh(ids))
    constant = len(set(statements.values())) == 1
    entries = []
    for label, ids in groups.items():
        reference_statements = _count(lambda ids=ids: plain(ids))
        runs = repetitions if len(ids) <= 40 else max(3, repetitions // 3)
        pair = alternate(
            lambda ids=ids: refresh(ids),
            lambda ids=ids: plain(ids),
            runs,
            before_each=lambda: _clear_course_status(course),
        )
        entries.append(
            _entry(
                f"refresh_standing: {label} of {polda.name} ({polda.code}), 4 sessions + attempts",
                pair.candidate, pair.reference, "ms",
                "recompute_from_raw per person (plain reads only, no writes)",
                people=len(ids), statements=statements[label],
                statements_by_size={str(len(v)): statements[k] for k, v in groups.items()},
                statements_constant=constant, reference_statements=reference_statements,
                note="candidate writes every row (standings cleared before each run)",
            )
        )  # fmt: skip
    _clear_course_status(course)
    return entries


def run(repetitions: int) -> list[dict]:
    """All issue-4 cases; the database is left as it was (rolled back)."""
    db.session.rollback()
    try:
        ctx = setup()
        entries = roll_call_cases(ctx, repetitions)
        entries += grid_cases(ctx, repetitions)
        entries += standing_cases(ctx, repetitions)
    finally:
        db.session.rollback()
    return entries
