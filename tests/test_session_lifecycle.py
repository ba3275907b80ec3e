"""A session's lifecycle (Terjadwal → Berlangsung → Selesai → Ditandatangani, or Dibatalkan,
Draf for planner drafts) and what each stage allows, in Python, in SQL and on the pages."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import (
    make_course,
    make_session,
    make_tree,
    make_unit,
    make_user,
    sign_off_roll_call,
)
from tests.statements import count_statements
from training.extensions import db as _db
from training.sessions.lifecycle import Stage, stage, stage_clause, stages
from training.sessions.models import TrainingSession

#: A session in Jayapura (WIT, UTC+9): 09.00–11.00 local on 3 November 2026 is 00.00–02.00 UTC.
START = datetime(2026, 11, 3, 0, 0, tzinfo=UTC)


def _wit(hour: int, minute: int = 0) -> datetime:
    """A Jayapura wall-clock time on 3 November 2026, as a UTC instant."""
    return datetime(2026, 11, 3, hour, minute, tzinfo=UTC) - timedelta(hours=9)


@pytest.fixture
def papua(db):
    venue = make_unit(timezone="Asia/Jayapura", name="Polres Jayapura Uji")
    session = make_session(make_course(), venue, starts_at=START)
    _db.session.commit()
    return session


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (_wit(8, 59), Stage.SCHEDULED),
        (_wit(9, 0), Stage.RUNNING),
        (_wit(10, 59), Stage.RUNNING),
        (_wit(11, 0), Stage.ENDED),
        (_wit(23, 0), Stage.ENDED),
    ],
)
def test_the_stage_follows_the_venue_local_clock(papua, local, expected):
    assert stage(papua, local) == expected
    assert stages([papua], local) == {papua.id: expected}


def test_a_signed_off_roll_call_is_the_last_stage(papua):
    sign_off_roll_call(papua, make_user(roles=("trainer",)))

    assert stage(papua, _wit(11, 30)) == Stage.SIGNED
    assert stage(papua, _wit(8, 0)) == Stage.SCHEDULED  # (a sign-off needs a begun session)


@pytest.mark.parametrize("status", ["cancelled", "draft"])
def test_cancelled_and_draft_sessions_keep_their_stage_at_any_time(papua, status):
    papua.status = status

    assert {stage(papua, _wit(h)) for h in (8, 10, 12)} == {Stage(status)}


def test_the_sql_form_agrees_with_the_python_rule_at_every_instant(db):
    tree = make_tree()
    course = make_course()
    trainer = make_user(roles=("trainer",))
    rows = [
        make_session(course, tree["polres_a"], starts_at=START),
        make_session(course, tree["polres_b"], starts_at=START + timedelta(hours=1)),
        make_session(course, tree["polres_a"], starts_at=START, status="cancelled"),
        make_session(course, tree["polres_a"], starts_at=START, status="draft"),
    ]
    signed = make_session(course, tree["polres_b"], starts_at=START - timedelta(hours=3))
    sign_off_roll_call(signed, trainer)
    rows.append(signed)
    for instant in (START - timedelta(hours=5), START, START + timedelta(minutes=90), _wit(23)):
        python = {s.id: stage(s, instant) for s in rows}
        sql = {
            wanted: set(
                _db.session.scalars(select(TrainingSession.id).where(stage_clause(wanted, instant)))
            )
            for wanted in Stage
        }
        assert {sid: want for want, ids in sql.items() for sid in ids} == python


def test_the_stages_of_a_page_of_sessions_cost_one_statement(db):
    tree = make_tree()
    course = make_course()
    for i in range(-5, 5):
        make_session(course, tree["polres_a"], starts_at=START + timedelta(days=i))
    _db.session.commit()
    rows = _db.session.scalars(select(TrainingSession)).all()  # a page, as the list loads it

    with count_statements() as statements:
        result = stages(rows, START + timedelta(hours=12))

    assert len(statements) == 1
    assert sorted(result.values()).count(Stage.ENDED) == 6


def test_the_session_list_filters_by_stage(client, login, db):
    tree = make_tree()
    course = make_course()
    make_session(course, tree["polres_a"], title="Sudah Lewat")
    future = datetime.now(UTC) + timedelta(days=3)
    make_session(course, tree["polres_a"], title="Masih Akan", starts_at=future)
    login("trainer")

    ended = client.get("/sessions/?status=ended").text
    scheduled = client.get("/sessions/?status=scheduled").text

    assert "Sudah Lewat" in ended and "Masih Akan" not in ended
    assert "Masih Akan" in scheduled and "Sudah Lewat" not in scheduled
    assert 'data-stage="scheduled">Terjadwal</span>' in scheduled
