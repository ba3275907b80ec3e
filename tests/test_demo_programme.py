"""seed-demo's programme: three tiers and a cycle in progress around the seeding day."""

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select

from tests.test_demo import seed
from training.enrolment.models import Enrollment
from training.programs.cascade import check_cascade
from training.programs.models import CourseStatus, Program
from training.sessions.models import TrainingSession
from training.units.models import Unit


def _sessions(db, tier):
    return [s for s in db.session.scalars(select(TrainingSession)) if s.course.tier == tier]


def test_demo_programme_has_three_tiers_and_a_cycle_around_today(app, db):
    output = seed(app)

    program = db.session.scalar(select(Program))
    today = datetime.now(UTC).date()
    assert "Program demo dibuat" in output
    assert [c.tier for c in program.courses] == [1, 2, 3]
    assert program.cycles[0].starts_on < today < program.cycles[0].ends_on


def test_demo_tier1_done_tier2_under_way_tier3_scheduled(app, db):
    seed(app)
    now = datetime.now(UTC)

    tier1, tier2, tier3 = (_sessions(db, tier) for tier in (1, 2, 3))

    assert all(s.ends_at < now for s in tier1)
    assert any(s.ends_at < now for s in tier2) and any(s.starts_at > now for s in tier2)
    assert tier3 and all(s.starts_at > now for s in tier3)
    statuses = dict(
        db.session.execute(
            select(CourseStatus.status, func.count()).group_by(CourseStatus.status)
        ).all()
    )
    assert statuses["completed"] > 500 and statuses["failed"] > 0


def test_demo_tier3_series_run_in_all_three_zones_taught_by_their_kapolres(app, db):
    seed(app)

    tier3 = _sessions(db, 3)

    assert {s.venue_unit.timezone for s in tier3} == {
        "Asia/Jakarta",
        "Asia/Makassar",
        "Asia/Jayapura",
    }
    assert all(s.series_id is not None for s in tier3)
    assert {t.person.position for s in tier3 for t in s.trainers} == {"kapolres"}
    assert all(s.enrollments for s in tier3)


def test_demo_cascade_gate_is_open_where_tier3_is_scheduled(app, db):
    seed(app)
    polres = db.session.scalar(select(Unit).where(Unit.code == "15.16"))
    tier3 = _sessions(db, 3)[0].course

    assert check_cascade(tier3, polres) is None


def test_demo_programme_is_created_once(app, db):
    seed(app)
    counts = (
        db.session.scalar(select(func.count(TrainingSession.id))),
        db.session.scalar(select(func.count(Enrollment.id))),
    )

    seed(app)

    assert db.session.scalar(select(func.count(Program.id))) == 1
    assert (
        db.session.scalar(select(func.count(TrainingSession.id))),
        db.session.scalar(select(func.count(Enrollment.id))),
    ) == counts


def test_demo_held_sessions_have_signed_attendance_and_assessments_with_a_mix(app, db):
    from training.assessments.models import AssessmentAttempt
    from training.attendance.models import Attendance, AttendanceSignoff

    seed(app)

    marks = dict(
        db.session.execute(
            select(Attendance.status, func.count()).group_by(Attendance.status)
        ).all()
    )
    held = [s for s in db.session.scalars(select(TrainingSession)) if s.ends_at < _now()]
    assert {"hadir", "terlambat", "izin", "sakit", "alpa"} <= set(marks)
    assert marks["hadir"] > 10 * marks["alpa"]
    assert db.session.scalar(select(func.count(AttendanceSignoff.id))) == len(held)
    assert db.session.scalar(select(func.count(AssessmentAttempt.id))) > 500
    statuses = {row.status for row in db.session.scalars(select(CourseStatus))}
    assert statuses == {"completed", "failed", "in_progress"}


def test_demo_course_standings_equal_a_recomputation_from_raw_rows(app, db):
    from training.programs.standing import recompute_from_raw

    seed(app)
    now = datetime.combine(date.today(), time(0, 0), UTC)  # the seed's "now"

    rows = list(db.session.scalars(select(CourseStatus).order_by(CourseStatus.id)))
    for row in rows[:: max(1, len(rows) // 60)]:
        plain = recompute_from_raw(row.course, row.person_id, now)
        assert (row.status, row.attendance_pct, row.passed) == (
            plain.status,
            plain.attendance_pct,
            plain.passed,
        )


def _now():
    return datetime.now(UTC)
