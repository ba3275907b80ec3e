"""Editing one occurrence, this-and-following, or a whole series; cancelling; duplicating."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from tests.factories import enrol, make_person, make_session, make_tree, make_user
from tests.test_sessions import NOW, TH, TU, data_for, world  # noqa: F401  (fixture)
from training.errors import RuleViolation
from training.extensions import db
from training.sessions.cancelling import cancel_following, cancel_series, cancel_session
from training.sessions.duplicating import data_from, duplicate_series, duplicate_session
from training.sessions.editing import (
    update_following,
    update_occurrence,
    update_series,
)
from training.sessions.models import SessionSeries, TrainingSession
from training.sessions.recurrence import WEEKLY, Repeat
from training.sessions.services import create_series


@pytest.fixture
def series(world):  # noqa: F811
    s = create_series(
        world["admin"], data_for(world), Repeat(freq=WEEKLY, weekdays=(TU, TH), count=8), now=NOW
    )
    db.session.flush()
    return s


def hours(sessions):
    return [s.starts_at.hour for s in sessions]


def test_editing_one_occurrence_detaches_it_and_bumps_its_sequence(world, series):  # noqa: F811
    third = series.sessions[2]
    data = data_for(world, start_local=datetime(2026, 11, 10, 13, 0))

    update_occurrence(third, world["admin"], data, now=NOW)

    assert third.is_detached and third.sequence == 1
    assert third.starts_at == datetime(2026, 11, 10, 6, 0, tzinfo=UTC)
    assert hours(series.sessions) == [2, 2, 6, 2, 2, 2, 2, 2]


def test_editing_the_series_leaves_detached_occurrences_untouched(world, series):  # noqa: F811
    third = series.sessions[2]
    update_occurrence(
        third, world["admin"], data_for(world, start_local=datetime(2026, 11, 10, 13, 0)), now=NOW
    )

    update_series(
        series,
        world["admin"],
        data_for(world, start_local=datetime(2026, 11, 3, 8, 0), capacity=40),
        now=NOW,
    )

    assert hours(series.sessions) == [1, 1, 6, 1, 1, 1, 1, 1]
    assert [s.capacity for s in series.sessions] == [40, 40, 30, 40, 40, 40, 40, 40]
    assert [s.sequence for s in series.sessions] == [1, 1, 1, 1, 1, 1, 1, 1]
    assert series.dtstart_local == datetime(2026, 11, 3, 8, 0)


def test_this_and_following_splits_the_series_rfc_5545_style(world, series):  # noqa: F811
    fifth = series.sessions[4]  # Tue 17 Nov
    data = data_for(world, start_local=datetime(2026, 11, 17, 14, 0), venue="Ruang Rapat")

    new = update_following(fifth, world["admin"], data, now=NOW)
    db.session.flush()
    db.session.expire_all()

    old = db.session.get(SessionSeries, series.id)
    assert old.rrule == "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261117T015959Z"
    assert hours(old.sessions) == [2, 2, 2, 2]
    assert new.id != old.id and new.uid != old.uid
    assert new.rrule == "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4"
    assert new.dtstart_local == datetime(2026, 11, 17, 14, 0)
    assert hours(new.sessions) == [7, 7, 7, 7]
    assert {s.venue for s in new.sessions} == {"Ruang Rapat"}
    assert [s.recurrence_id for s in new.sessions] == [s.starts_at for s in new.sessions]


def test_this_and_following_refuses_a_new_date(world, series):  # noqa: F811
    data = data_for(world, start_local=datetime(2026, 11, 18, 14, 0))

    with pytest.raises(RuleViolation, match="Tanggal hanya dapat diubah"):
        update_following(series.sessions[4], world["admin"], data, now=NOW)


def test_a_new_rule_regenerates_future_occurrences(world, series):  # noqa: F811
    repeat = Repeat(freq=WEEKLY, weekdays=(TU,), count=4)

    update_series(series, world["admin"], data_for(world), repeat, now=NOW)
    db.session.flush()
    db.session.expire_all()

    live = [s for s in series.sessions if s.status == "scheduled"]
    cancelled = [s for s in series.sessions if s.status == "cancelled"]
    assert [s.starts_at.date() for s in live] == [
        date(2026, 11, 3),
        date(2026, 11, 10),
        date(2026, 11, 17),
        date(2026, 11, 24),
    ]
    assert len(cancelled) == 4 and all(s.sequence == 1 for s in cancelled)
    assert series.rrule == "FREQ=WEEKLY;BYDAY=TU;COUNT=4"


def test_a_new_rule_dropping_occurrences_with_people_needs_confirmation(world, series):  # noqa: F811
    thursday = series.sessions[1]
    enrol(thursday, make_person(world["tree"]["polda_a"], position="kapolda"))
    repeat = Repeat(freq=WEEKLY, weekdays=(TU,), count=4)

    with pytest.raises(RuleViolation, match="sudah ada pesertanya"):
        update_series(series, world["admin"], data_for(world), repeat, now=NOW)
    assert thursday.status == "scheduled"

    update_series(series, world["admin"], data_for(world), repeat, confirm_drop=True, now=NOW)
    db.session.flush()
    db.session.refresh(thursday)
    assert thursday.status == "cancelled"


def test_a_new_rule_may_add_dates(world, series):  # noqa: F811
    repeat = Repeat(freq=WEEKLY, weekdays=(TU, TH), count=10)

    update_series(series, world["admin"], data_for(world), repeat, now=NOW)
    db.session.flush()
    db.session.expire_all()

    assert len(series.sessions) == 10
    assert series.sessions[-1].starts_at == datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


def test_cancel_one_occurrence_adds_an_exdate_and_bumps_its_sequence(world, series):  # noqa: F811
    third = series.sessions[2]

    cancel_session(third, actor=world["admin"], now=NOW)
    db.session.flush()
    db.session.refresh(third)

    assert (third.status, third.sequence) == ("cancelled", 1)
    assert series.exdates == ["2026-11-10"]
    assert [s.status for s in series.sessions].count("cancelled") == 1


def test_cancel_this_and_following_ends_the_rule(world, series):  # noqa: F811
    cancel_following(series.sessions[5], actor=world["admin"], now=NOW)
    db.session.flush()
    db.session.expire_all()

    assert [s.status for s in series.sessions] == ["scheduled"] * 5 + ["cancelled"] * 3
    assert "UNTIL=20261119T015959Z" in series.rrule


def test_cancel_the_whole_series_keeps_the_rows_for_the_calendar(world, series):  # noqa: F811
    count = cancel_series(series, actor=world["admin"], now=NOW)
    db.session.flush()
    db.session.expire_all()

    assert count == 8
    assert {(s.status, s.sequence) for s in series.sessions} == {("cancelled", 1)}
    assert db.session.scalar(select(func.count(TrainingSession.id))) == 8


def test_duplicate_a_session_to_another_region_and_date(world, series):  # noqa: F811
    tree = world["tree"]
    source = series.sessions[0]

    copy = duplicate_session(
        source,
        world["admin"],
        start_local=datetime(2026, 12, 1, 9, 0),
        venue_unit=tree["polda_b"],
        audience_unit=tree["polda_b"],
        now=NOW,
    )

    assert copy.id != source.id and copy.series_id is None
    assert copy.starts_at == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09.00 WITA
    assert copy.audience_unit_id == tree["polda_b"].id
    assert [t.user_id for t in copy.trainers] == [world["trainer"].id]


def test_duplicate_a_series_moves_the_weekdays_with_the_start_date(world, series):  # noqa: F811
    copy = duplicate_series(series, world["admin"], start_date=date(2027, 1, 6), now=NOW)

    assert copy.rrule == "FREQ=WEEKLY;BYDAY=WE,FR;COUNT=8"
    assert len(copy.sessions) == 8
    assert copy.sessions[0].starts_at == datetime(2027, 1, 6, 2, 0, tzinfo=UTC)


def test_duplicate_rechecks_conflicts(world, series):  # noqa: F811
    from training.sessions.services import ConflictError

    with pytest.raises(ConflictError):
        duplicate_series(series, world["admin"], start_date=date(2026, 11, 3), now=NOW)


def test_duplicate_rechecks_scope(world, series):  # noqa: F811
    data = replace(data_for(world), trainer_users=[])
    assert data.course is not None
    with pytest.raises(RuleViolation, match="di luar wilayah"):
        duplicate_session(
            series.sessions[0],
            world["regional"],
            start_local=datetime(2027, 1, 5, 9, 0),
            venue_unit=world["tree"]["polda_b"],
        )


def test_raising_capacity_promotes_the_waitlist_in_order(db):
    tree = make_tree()
    session = make_session(venue_unit=tree["polda_a"], capacity=1, audience_unit=tree["polda_a"])
    first, second, third = (make_person(tree["polsek_a"]) for _ in range(3))
    enrol(session, first)
    enrol(session, second, "waitlisted").waitlist_rank = 1
    enrol(session, third, "waitlisted").waitlist_rank = 2
    admin = make_user(roles=("admin",))
    data = data_from(session)
    data.capacity = 2

    update_occurrence(session, admin, data, now=datetime(2026, 10, 1, tzinfo=UTC))

    statuses = {e.person_id: e.status for e in session.enrollments}
    assert statuses == {first.id: "enrolled", second.id: "enrolled", third.id: "waitlisted"}
