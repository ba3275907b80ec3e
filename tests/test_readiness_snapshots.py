"""Daily readiness snapshots: values of the day, idempotent per day, the CLI and its range."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import make_course, make_course_status, make_person, make_tree, make_user
from training.certificates.services import issue_certificate
from training.extensions import db
from training.programs.services import create_cycle
from training.readiness.models import ReadinessSnapshot
from training.readiness.snapshots import take_snapshot


@pytest.fixture
def programme(db):
    """polres_a: its kapolres certified on 2026-11-10, a wakapolres not certified."""
    tree = make_tree()
    course = make_course(tier=2)
    create_cycle(course.program, 1)
    admin = make_user(roles=("admin",), username="snap_admin")
    head = make_person(tree["polres_a"], position="kapolres", nrp="81000701")
    make_person(tree["polres_a"], position="wakapolres", nrp="81000702")
    make_course_status(head, course, average_level=4.0, attendance_pct=100.0)
    issue_certificate(head, course, actor=admin, today=date(2026, 11, 10))
    db.session.flush()
    return tree, course.program


def _rows(program, day):
    return {
        row.unit_id: row
        for row in db.session.scalars(
            select(ReadinessSnapshot).where(
                ReadinessSnapshot.program_id == program.id, ReadinessSnapshot.day == day
            )
        )
    }


def test_snapshot_records_subtree_figures_as_of_the_day(programme):
    tree, program = programme
    assert take_snapshot(program, date(2026, 11, 9)) == 7  # every unit of the tree
    take_snapshot(program, date(2026, 11, 12))
    before = _rows(program, date(2026, 11, 9))[tree["polres_a"].id]
    after = _rows(program, date(2026, 11, 12))[tree["polres_a"].id]
    assert (before.targets, before.certified, before.certified_pct) == (2, 0, 0.0)
    assert (after.targets, after.certified, after.certified_pct) == (2, 1, 50.0)
    assert (after.commanders, after.commanders_certified) == (1, 1)
    polda = _rows(program, date(2026, 11, 12))[tree["polda_a"].id]
    assert (polda.targets, polda.certified) == (2, 1)  # rolled up from its Polres
    assert polda.status == "sebagian"  # 50 % certified: at the Sebagian threshold


def test_second_snapshot_of_a_day_replaces_the_first(programme):
    tree, program = programme
    take_snapshot(program, date(2026, 11, 12))
    take_snapshot(program, date(2026, 11, 12))
    count = db.session.scalar(select(func.count(ReadinessSnapshot.id)))
    assert count == 7


def test_cli_backfills_a_range_of_days_and_is_idempotent(app, programme):
    tree, program = programme
    db.session.commit()
    runner = app.test_cli_runner()
    args = ["readiness-snapshot", "--from", "2026-11-08", "--to", "2026-11-11"]
    first = runner.invoke(args=args)
    second = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    days = db.session.scalars(select(ReadinessSnapshot.day).distinct()).all()
    assert sorted(days) == [date(2026, 11, d) for d in (8, 9, 10, 11)]
    assert db.session.scalar(select(func.count(ReadinessSnapshot.id))) == 4 * 7


def test_cli_refuses_a_bad_date_and_a_missing_programme(app, programme):
    runner = app.test_cli_runner()
    bad = runner.invoke(args=["readiness-snapshot", "--day", "2026-02-30"])
    assert bad.exit_code == 2
    assert "YYYY-MM-DD" in bad.output
    missing = runner.invoke(args=["readiness-snapshot", "--program", "999999"])
    assert missing.exit_code == 1
    assert "tidak ditemukan" in missing.output


def test_cli_without_a_running_programme_records_nothing(app, programme):
    result = app.test_cli_runner().invoke(args=["readiness-snapshot", "--day", "2020-01-01"])
    assert result.exit_code == 0
    assert "Tidak ada program" in result.output
    assert db.session.scalar(select(func.count(ReadinessSnapshot.id))) == 0
