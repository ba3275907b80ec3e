"""Course standing after self check-ins: the check-in only records the mark; beat's
refresh (coalesced per course), the roll call and the sign-off bring the standing up."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.factories import (
    enrol,
    make_course,
    make_people_across_units,
    make_session,
    make_tree,
    make_user,
)
from tests.statements import count_statements
from training.attendance import checkin, services
from training.extensions import db
from training.jobs.queue import beat_schedule
from training.programs.models import CourseStatus
from training.standing.checkins import LOOKBACK, refresh_checked_in

START = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)  # 09.00 WIB, on a 30-second boundary
SECRET = "test-secret"


def _class(n_units: int, per_unit: int, starts_at=START):
    """A session of a tier-3 course with people of many units, ranks and positions."""
    tree = make_tree()
    course = make_course(tier=3, late_grace_minutes=15)
    session = make_session(course, tree["polres_a"], starts_at=starts_at)
    people = make_people_across_units(n_units, per_unit, parent=tree["polda_a"])
    for person in people:
        enrol(session, person)
    return session, people


def _check_in(session, people, now=START):
    code = checkin.codes_at(SECRET, session.uid, now).short_code
    for person in people:
        checkin.check_in(session, person, code, method="code", now=now)


def _standing(course, people) -> dict:
    rows = db.session.scalars(
        select(CourseStatus).where(
            CourseStatus.course_id == course.id,
            CourseStatus.person_id.in_([p.id for p in people]),
        )
    )
    return {row.person_id: (row.status, row.attendance_pct) for row in rows}


def test_a_check_in_leaves_the_standing_to_the_refresh_after_it(db):
    session, people = _class(4, 3)
    _check_in(session, people[:7])
    before = _standing(session.course, people[:7])

    refreshed = refresh_checked_in(START + timedelta(minutes=1))

    assert all(pct != 100.0 for _status, pct in before.values())
    assert refreshed == 7
    assert _standing(session.course, people[:7]) == {
        p.id: ("in_progress", 100.0) for p in people[:7]
    }
    assert _standing(session.course, people[7:]) == {}  # not checked in: untouched


def test_the_refresh_is_one_per_course_whatever_the_number_of_people(db):
    small, few = _class(1, 2)
    large, many = _class(10, 6)
    _check_in(small, few)
    _check_in(large, many)
    db.session.commit()

    with count_statements() as statements:
        refresh_checked_in(START + timedelta(minutes=1))
    both = len(statements)
    db.session.rollback()

    lone, (person,) = _class(1, 1)
    _check_in(lone, [person])
    db.session.commit()
    with count_statements() as statements:
        refresh_checked_in(START + timedelta(minutes=1), lookback=timedelta(seconds=60))
    # the two courses together (62 people) cost what two courses of one person would
    assert both <= 2 + 2 * (len(statements) - 2)


def test_check_ins_older_than_the_lookback_are_left_alone(db):
    session, people = _class(2, 2)
    _check_in(session, people)

    assert refresh_checked_in(START + LOOKBACK + timedelta(seconds=1)) == 0
    assert refresh_checked_in(START + LOOKBACK) == 4


def test_saving_the_roll_call_refreshes_the_self_checked_in_people_too(db):
    session, people = _class(3, 2)
    checked, absent = people[:4], people[4:]
    _check_in(session, checked)
    trainer = make_user(roles=("trainer",))

    marks = [services.Mark(p.id, "alpa") for p in absent]
    services.save_roll_call(session, marks, actor=trainer, now=START + timedelta(hours=3))

    standing = _standing(session.course, people)
    assert {standing[p.id] for p in checked} == {("in_progress", 100.0)}
    assert {standing[p.id][1] for p in absent} == {0.0}


def test_signing_the_sheet_off_refreshes_the_self_checked_in_people(db):
    session, people = _class(2, 3)
    _check_in(session, people)
    trainer = make_user(roles=("trainer",))

    services.sign_off(session, actor=trainer, now=START + timedelta(hours=3))

    assert set(_standing(session.course, people).values()) == {("in_progress", 100.0)}


def test_beat_runs_the_refresh_every_minute_and_commits_it(app, db):
    now = datetime.now(UTC)
    session, people = _class(2, 2, starts_at=now - timedelta(minutes=10))
    _check_in(session, people, now=now - timedelta(seconds=30))
    db.session.commit()
    entry = beat_schedule(app.config)["checkin-standing"]

    task = app.extensions["celery"].tasks[entry["task"]]
    refreshed = task.apply().get()

    assert entry["schedule"] == 60.0 and refreshed == 4
    db.session.rollback()  # only what the task committed is left
    assert set(_standing(session.course, people).values()) == {("in_progress", 100.0)}


def test_without_a_job_queue_cron_runs_the_same_refresh(app, db):
    now = datetime.now(UTC)
    session, people = _class(3, 1, starts_at=now - timedelta(minutes=5))
    _check_in(session, people, now=now - timedelta(seconds=10))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["refresh-standing", "--checked-in"])

    assert result.exit_code == 0 and "3 personel yang presensi mandiri diperbarui." in result.output
    db.session.rollback()
    assert set(_standing(session.course, people).values()) == {("in_progress", 100.0)}
