"""Daily readiness snapshots: values of the day, idempotent per day, the CLI and its range."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.accounts_factories import make_account
from tests.factories import make_course, make_course_status, make_person, make_tree, make_user
from tests.responses_factories import make_mention
from training.certificates.services import issue_certificate, revoke
from training.extensions import db
from training.programs.services import create_cycle
from training.readiness import rollup, snapshot_walk
from training.readiness.models import ReadinessSnapshot
from training.readiness.snapshots import take_snapshot, take_snapshots
from training.readiness.thresholds import FIELDS, save_thresholds


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


def _all_rows(program) -> dict:
    fields = [c.name for c in ReadinessSnapshot.__table__.c if c.name not in ("id", "created_at")]
    return {
        (row.day, row.unit_id): tuple(getattr(row, name) for name in fields)
        for row in db.session.scalars(
            select(ReadinessSnapshot).where(ReadinessSnapshot.program_id == program.id)
        )
    }


#: Where the day is among the arguments of the functions that compute a day's training part
#: (in full: rollup.trained(program, scope, root, on, rules); patched: snapshot_walk.retrain(
#: walk, unit_ids, day)) and add its response (rollup.judged(program, part, on, rules);
#: snapshot_walk.rejudge(walk, day, touched)).
DAY_ARGUMENT = {
    "trained": ((rollup, "trained", 3), (snapshot_walk, "retrain", 2)),
    "judged": ((rollup, "judged", 2), (snapshot_walk, "rejudge", 1)),
}


def _count_days(monkeypatch, name: str) -> list:
    """The days on which the training part (``trained``) or the response (``judged``) of a
    day is computed, in full or patched."""
    days = []
    for module, function, at in DAY_ARGUMENT[name]:
        real = getattr(module, function)
        monkeypatch.setattr(
            module,
            function,
            lambda *a, real=real, at=at, **kw: days.append(a[at]) or real(*a, **kw),
        )
    return days


def test_snapshots_of_a_range_equal_the_days_taken_one_by_one(programme, monkeypatch):
    """Certificates issued, expired, revoked, superseded and entering the expiring window
    on days of the range; the roll-up runs only on those days, the rows are the same."""
    tree, program = programme
    course = program.courses[0]
    admin = make_user(roles=("admin",), username="snap_admin2")
    certs = {}
    for n, (unit, position, issued) in enumerate(
        [
            ("polsek_a", "kapolsek", date(2026, 11, 6)),
            ("polsek_b", "kapolsek", date(2026, 11, 8)),
            ("polres_b", "kapolres", date(2026, 11, 9)),
            ("polsek_a", "operator_medsos", date(2026, 11, 12)),
        ]
    ):
        person = make_person(tree[unit], position=position, nrp=f"8100080{n}")
        make_course_status(person, course, average_level=3.0 + n / 2, attendance_pct=90.0)
        certs[n] = issue_certificate(person, course, actor=admin, today=issued)
    certs[0].valid_until = date(2026, 11, 14)  # expires within the range
    certs[1].valid_until = date(2027, 1, 13)  # enters the 60-day expiring window on 11-14
    revoke(certs[2], actor=admin, reason="data salah", now=datetime(2026, 11, 11, 3, tzinfo=UTC))
    certs[2].revoked_on = date(2026, 11, 11)
    db.session.flush()
    days = [date(2026, 11, 3) + timedelta(days=n) for n in range(16)]
    computed = _count_days(monkeypatch, "trained")

    assert take_snapshots(program, days) == 16 * 7
    ranged, ranged_computed = _all_rows(program), sorted(computed)
    for day in days:
        take_snapshot(program, day)

    assert _all_rows(program) == ranged
    assert len(ranged) == 16 * 7
    changes = [date(2026, 11, d) for d in (3, 6, 8, 9, 10, 11, 12, 14, 15)]
    assert ranged_computed == changes  # the first day, then the days a certificate changed


def test_snapshots_carry_the_response_and_a_range_follows_its_window(programme, monkeypatch):
    """Aduan received on 5 Nov (answered in 30 minutes) and 10 Nov (open) with a 3-day
    response window: each day's rows carry the subtree's aduan of its window, and the range
    computes the roll-up again on the days an aduan day enters or leaves the window."""
    tree, program = programme
    rules = rollup.thresholds_for(program)
    save_thresholds(
        rules, {**{name: getattr(rules, name) for name in FIELDS}, "response_window_days": 3}
    )
    account = make_account(tree["polsek_a"])
    make_mention(account, datetime(2026, 11, 5, 3, tzinfo=UTC), 30)
    make_mention(account, datetime(2026, 11, 10, 3, tzinfo=UTC), None)
    days = [date(2026, 11, 3) + timedelta(days=n) for n in range(12)]
    trained, judged = _count_days(monkeypatch, "trained"), _count_days(monkeypatch, "judged")

    take_snapshots(program, days)
    ranged, trained, judged = _all_rows(program), sorted(trained), sorted(judged)
    for day in days:
        take_snapshot(program, day)

    assert _all_rows(program) == ranged
    assert trained == [date(2026, 11, d) for d in (3, 10)]  # the first day, a certificate
    assert judged == [date(2026, 11, d) for d in (3, 5, 8, 10, 13)]  # and the window's edges

    def response(day, unit="polres_a"):
        row = _rows(program, day)[tree[unit].id]
        return row.aduan, row.aduan_answered, row.aduan_p90_seconds

    assert response(date(2026, 11, 4)) == (0, 0, None)
    assert response(date(2026, 11, 7)) == (1, 1, 1800)
    assert response(date(2026, 11, 7), "polres_b") == (0, 0, None)
    assert response(date(2026, 11, 9)) == (0, 0, None)
    assert response(date(2026, 11, 12)) == (1, 0, None)


def test_a_range_with_gaps_equals_the_days_taken_one_by_one(programme, monkeypatch):
    """Certificates issued, superseded, expiring and revoked in two subtrees and aduan of
    accounts at three levels, several on the same days, under response criteria; the range
    skips days (one step covers several changes): every row, statuses and the subtree
    figures of every ancestor included, equals ``take_snapshot``'s, and the training part
    is computed again only on days after a certificate change."""
    tree, program = programme
    course = program.courses[0]
    rules = rollup.thresholds_for(program)
    values = {name: getattr(rules, name) for name in FIELDS}
    values.update(response_window_days=3, ready_answered_pct=50, ready_p90_minutes=60)
    save_thresholds(rules, {**values, "ready_certified_pct": 50, "partial_certified_pct": 25})
    admin = make_user(roles=("admin",), username="snap_admin3")
    people = {}
    for n, (unit, position) in enumerate(
        [("polres_a", "wakapolres"), ("polres_b", "wakapolres"), ("polres_b", "kapolres")]
    ):
        people[n] = make_person(tree[unit], position=position, nrp=f"8100090{n}")
        standing = make_course_status(
            people[n], course, completed_on=date(2026, 11, 4), average_level=4.0
        )
    first = issue_certificate(people[2], course, actor=admin, today=date(2026, 11, 5))
    issue_certificate(people[1], course, actor=admin, today=date(2026, 11, 7))
    last = issue_certificate(people[0], course, actor=admin, today=date(2026, 11, 7))
    standing.completed_on = date(2026, 11, 8)  # a refresher completed
    issue_certificate(people[2], course, actor=admin, today=date(2026, 11, 9))  # supersedes
    first.valid_until = date(2027, 1, 5)  # the superseded one would enter the window later
    last.valid_until = date(2026, 11, 12)  # expires mid-range, after its expiring window
    revoke(last, actor=admin, reason="data salah", now=datetime(2026, 11, 11, 3, tzinfo=UTC))
    last.revoked_on = date(2026, 11, 11)
    for unit, day, minutes in [
        ("polsek_a", 5, 30),
        ("polres_a", 5, 120),
        ("polsek_b", 7, None),
        ("polda_b", 9, 10),
        ("polsek_a", 11, 45),
    ]:
        account = make_account(tree[unit])
        make_mention(account, datetime(2026, 11, day, 3, tzinfo=UTC), minutes)
    db.session.flush()
    days = [date(2026, 11, d) for d in (3, 4, 6, 7, 8, 10, 13, 14, 16, 17, 20)]
    trained = _count_days(monkeypatch, "trained")

    assert take_snapshots(program, days) == len(days) * 7
    ranged, trained = _all_rows(program), sorted(trained)
    for day in days:
        take_snapshot(program, day)

    assert _all_rows(program) == ranged
    assert len({row[2] for row in ranged.values()}) > 1  # the statuses move over the range
    assert trained == [date(2026, 11, d) for d in (3, 6, 7, 10, 13)]
