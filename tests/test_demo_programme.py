"""seed-demo's programme: three tiers and a cycle in progress around the seeding day.

The seeding instant is injected (``seed-demo --now``) so every test sees the same demo, and
``test_demo_shape_is_the_same_at_any_hour`` seeds at instants across the hours of a day in
WIB, WITA and WIT, a Saturday, the turn of a month and around local midnight: a shape that
depends on the hour fails here, not by chance in CI.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from tests.conftest import TEST_DATABASE_URL
from tests.oracles.standing import recompute_from_raw
from tests.test_demo import seed
from training.assessments.queries import competency_names
from training.demo.programme import day_start, demo_day
from training.policy.scope import Scope
from training.programs.cascade import check_cascade
from training.programs.models import CourseStatus, Program
from training.readiness.rollup import compute
from training.sessions.enrollments import Enrollment
from training.sessions.models import TrainingSession
from training.units.models import Unit

#: The instant most tests seed at: Thursday 26 November 2026, 10:00 WIB.
NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def seed_at(app, now=NOW):
    return seed(app, "--now", now.isoformat())


def test_demo_flags_some_trained_polres_whose_own_account_is_slow(app, db):
    """The closing-the-loop screens have something to show: in Polda Jawa Timur (trained in
    the demo) some Polres have their own people certified and yet answer slowly, each with
    its evidence; most do not."""
    seed_at(app)
    program = db.session.scalar(select(Program))
    units = compute(program, Scope(everything=True), on=demo_day(NOW)).units.values()
    polres = [n for n in units if n.level == "polres" and n.code.startswith("15.")]
    flagged = [n for n in polres if n.refresher]
    assert 0 < len(flagged) < len(polres) / 2
    for node in flagged:
        assert node.own.certified_pct >= 80
        p90 = node.own_response.p90_minutes
        assert p90 is None or p90 > 60  # the demo's aduan target: 60 minutes


def _sessions(db, tier):
    return [s for s in db.session.scalars(select(TrainingSession)) if s.course.tier == tier]


def test_demo_programme_has_three_tiers_and_a_cycle_around_today(app, db):
    output = seed_at(app)

    program = db.session.scalar(select(Program))
    today = demo_day(NOW)
    assert "Program demo dibuat" in output
    assert [c.tier for c in program.courses] == [1, 2, 3]
    assert program.cycles[0].starts_on < today < program.cycles[0].ends_on
    # every tier assesses the six competencies, so a trainer's grid is never empty
    names = competency_names(program.courses)
    assert [len(names[c.id]) for c in program.courses] == [6, 6, 6]


def test_demo_tier1_done_tier2_under_way_tier3_scheduled(app, db):
    seed_at(app)
    now = NOW

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
    seed_at(app)

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
    seed_at(app)
    polres = db.session.scalar(select(Unit).where(Unit.code == "15.16"))
    tier3 = _sessions(db, 3)[0].course

    assert check_cascade(tier3, polres) is None


def test_demo_programme_is_created_once(app, db):
    seed_at(app)
    counts = (
        db.session.scalar(select(func.count(TrainingSession.id))),
        db.session.scalar(select(func.count(Enrollment.id))),
    )

    seed_at(app, NOW + timedelta(days=3, hours=5))

    assert db.session.scalar(select(func.count(Program.id))) == 1
    assert (
        db.session.scalar(select(func.count(TrainingSession.id))),
        db.session.scalar(select(func.count(Enrollment.id))),
    ) == counts


def test_demo_held_sessions_have_signed_attendance_and_assessments_with_a_mix(app, db):
    from training.assessments.models import AssessmentAttempt
    from training.attendance.models import Attendance, AttendanceSignoff

    seed_at(app)

    marks = dict(
        db.session.execute(
            select(Attendance.status, func.count()).group_by(Attendance.status)
        ).all()
    )
    cutoff = day_start(demo_day(NOW))
    held = [s for s in db.session.scalars(select(TrainingSession)) if s.ends_at < cutoff]
    assert {"hadir", "terlambat", "izin", "sakit", "alpa"} <= set(marks)
    assert marks["hadir"] > 10 * marks["alpa"]
    assert db.session.scalar(select(func.count(AttendanceSignoff.id))) == len(held)
    assert db.session.scalar(select(func.count(AssessmentAttempt.id))) > 500
    statuses = {row.status for row in db.session.scalars(select(CourseStatus))}
    assert statuses == {"completed", "failed", "in_progress"}


def test_demo_course_standings_equal_a_recomputation_from_raw_rows(app, db):
    seed_at(app)
    now = day_start(demo_day(NOW))  # the seed's "now"

    rows = list(db.session.scalars(select(CourseStatus).order_by(CourseStatus.id)))
    for row in rows[:: max(1, len(rows) // 60)]:
        plain = recompute_from_raw(row.course, row.person_id, now)
        assert (row.status, row.attendance_pct, row.passed) == (
            plain.status,
            plain.attendance_pct,
            plain.passed,
        )


def _clock_instants():
    """Instants to seed at: every hour of a day (UTC hour h is h+7 WIB, h+8 WITA, h+9 WIT,
    so 24 instants cover each local hour of all three zones), spread over Wednesday
    25 November to Tuesday 1 December 2026 (a Saturday, the last and the first day of a
    month), and 23:59 / 00:01 local in each zone around the turn of the month.

    On PostgreSQL (a seed there takes ~30 s) only the instants where a date changes, since
    the database's own date and time-zone arithmetic is what differs from SQLite: the
    first and last hour of the UTC day, the hours either side of the zones' local
    midnights (UTC 14-17: WIT, then WITA, then WIB turn the day), a Saturday, the last and
    the first day of the month, and the six instants around the turn of the month. Every
    other hour (the same dates as its neighbours, so the same SQL answers) is seeded on
    SQLite, where the Python side of the demo's clock runs the same code.
    """
    for hour in range(24):
        if TEST_DATABASE_URL.startswith("sqlite") or hour in POSTGRES_HOURS:
            yield datetime(2026, 11, 25, hour, 30, tzinfo=UTC) + timedelta(days=hour % 7)
    for zone in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"):
        yield datetime(2026, 11, 30, 23, 59, tzinfo=ZoneInfo(zone))
        yield datetime(2026, 12, 1, 0, 1, tzinfo=ZoneInfo(zone))


#: UTC hours seeded on PostgreSQL (see _clock_instants).
POSTGRES_HOURS = {0, 3, 5, 6, 14, 15, 16, 17, 23}


def _shape(db):
    from training.assessments.models import AssessmentAttempt
    from training.attendance.models import AttendanceSignoff
    from training.certificates.models import Certificate
    from training.readiness.models import ReadinessSnapshot

    statuses = dict(
        db.session.execute(
            select(CourseStatus.status, func.count()).group_by(CourseStatus.status)
        ).all()
    )
    return {
        "sessions": tuple(len(_sessions(db, tier)) for tier in (1, 2, 3)),
        "statuses": statuses,
        "signoffs": db.session.scalar(select(func.count(AttendanceSignoff.id))),
        "attempts": db.session.scalar(select(func.count(AssessmentAttempt.id))),
        "certificates": db.session.scalar(select(func.count(Certificate.id))),
        "snapshot_days": db.session.scalar(
            select(func.count(func.distinct(ReadinessSnapshot.day)))
        ),
    }


#: The demo's shape, whatever the instant of seeding.
SHAPE = {
    "sessions": (3, 26, 12),
    "statuses": {"completed": 604, "failed": 60, "in_progress": 112},
    "signoffs": 26,
    "attempts": 686,
    "certificates": 605,
    "snapshot_days": 27,
}


@pytest.mark.slow
@pytest.mark.parametrize("now", list(_clock_instants()), ids=lambda now: now.isoformat())
def test_demo_shape_is_the_same_at_any_hour(app, db, now):
    seed_at(app, now)
    today = demo_day(now)
    cutoff = day_start(today)
    sessions = list(db.session.scalars(select(TrainingSession)))
    held = [s for s in sessions if s.ends_at < cutoff]

    assert _shape(db) == SHAPE
    for s in sessions:
        local_day = s.starts_at.astimezone(ZoneInfo(s.venue_unit.timezone)).date()
        assert (s in held) == (local_day < today), (s.id, local_day, today)
    assert all(s.starts_at > now for s in _sessions(db, 3))
    assert all(s.ends_at < cutoff for s in _sessions(db, 1))


def test_demo_programme_page_shows_the_competencies_of_every_tier(app, db, client, login):
    seed_at(app)
    program = db.session.scalar(select(Program))
    login("trainer")

    page = client.get(f"/programs/{program.id}").text

    assert "Belum ditetapkan" not in page
    tiers = page.split("Kompetensi yang dinilai")[1:]
    assert len(tiers) == 3  # tier 3 too: its trainer's grid is not a dead end
    names = competency_names(program.courses)[program.courses[2].id]
    assert all(str(escape(name)) in tiers[2] for name in names)
