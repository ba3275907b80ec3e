"""sessions_between: overlap bounds, scope by Scope or by user, bounded statements."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import enrol, make_course, make_person, make_session, make_tree, make_user
from tests.statements import assert_same_for_small_and_large, count_statements
from training.calendar.queries import enrolled_counts, sessions_between, trainer_choices
from training.policy.scope import Scope, scope_of
from training.sessions.models import SessionTrainer

START = datetime(2026, 11, 1, tzinfo=UTC)
END = datetime(2026, 11, 8, tzinfo=UTC)


@pytest.fixture
def tree(db):
    return make_tree()


def test_sessions_overlapping_the_range_are_returned_in_start_order(db, tree):
    course = make_course()
    straddles = make_session(course, tree["polres_a"], starts_at=START - timedelta(hours=1))
    inside = make_session(course, tree["polres_a"], starts_at=START + timedelta(days=2))
    make_session(course, tree["polres_a"], starts_at=START - timedelta(hours=2))  # ends at START
    make_session(course, tree["polres_a"], starts_at=END)  # starts at END

    found = sessions_between(Scope(everything=True), START, END)

    assert found == [straddles, inside]


def test_scope_object_limits_to_venue_or_audience_subtree(db, tree):
    course = make_course()
    held = make_session(course, tree["polsek_b"], starts_at=START + timedelta(days=1))
    aimed = make_session(
        course, tree["mabes"], starts_at=START + timedelta(days=2), audience_unit=tree["polres_b"]
    )
    make_session(course, tree["polres_a"], starts_at=START + timedelta(days=3))

    found = sessions_between(Scope(unit_paths=(tree["polda_b"].path,)), START, END)

    assert found == [held, aimed]


def test_a_user_also_sees_what_they_train_or_attend(db, tree):
    course = make_course()
    coach = make_user(roles=("trainer",), unit=tree["polres_b"])
    person = make_person(tree["polsek_b"])
    taught = make_session(course, tree["polres_a"], starts_at=START + timedelta(days=1))
    db.session.add(SessionTrainer(session=taught, user=coach))
    attended = make_session(course, tree["polda_a"], starts_at=START + timedelta(days=2))
    enrol(attended, person)
    participant = make_user(person=person)

    assert sessions_between(coach, START, END) == [taught]
    assert sessions_between(scope_of(coach), START, END) == []
    assert sessions_between(participant, START, END) == [attended]


def _sessions_with_trainers(db, tree, count):
    """``count`` sessions held in units across the tree, each with a trainer account and a
    trainer without one, the people from different units."""
    course = make_course()
    venues = [tree[key] for key in ("polres_a", "polsek_a", "polres_b", "polsek_b", "polda_a")]
    for day in range(count):
        venue = venues[day % len(venues)]
        s = make_session(course, venue, starts_at=START + timedelta(hours=6 * day))
        db.session.add(SessionTrainer(session=s, user=make_user(roles=("trainer",), unit=venue)))
        db.session.add(SessionTrainer(session=s, person=make_person(venues[-day % len(venues)])))
    db.session.commit()
    db.session.expire_all()


def _read_calendar(db, count):
    with count_statements(db) as statements:
        found = sessions_between(Scope(everything=True), START, END)
        names = [
            t.user.username if t.user else t.person.full_name for s in found for t in s.trainers
        ]
        labels = [(s.course.title, s.venue_unit.zone_label) for s in found]
    assert len(found) == count and len(names) == 2 * count and len(labels) == count
    return statements


def test_as_many_statements_for_two_sessions_as_for_twenty(db, tree):
    _sessions_with_trainers(db, tree, 2)
    small = _read_calendar(db, 2)
    _sessions_with_trainers(db, tree, 18)
    large = _read_calendar(db, 20)

    assert_same_for_small_and_large(small, large, bound=3)


def test_enrolled_counts_group_enrolled_only(db, tree):
    s = make_session(make_course(), tree["polres_a"])
    for status in ("enrolled", "enrolled", "waitlisted", "cancelled"):
        enrol(s, make_person(tree["polsek_a"]), status)
    empty = make_session(make_course(), tree["polres_a"])

    assert enrolled_counts([s.id, empty.id]) == {s.id: 2, empty.id: 0}
    assert enrolled_counts([]) == {}


def test_trainer_choices_name_people_and_accounts(db, tree):
    s = make_session(make_course(), tree["polres_a"])
    db.session.add(SessionTrainer(session=s, user=make_user(roles=("trainer",), username="zaki")))
    db.session.add(SessionTrainer(session=s, person=make_person(full_name="Ani Yudhoyono")))
    hidden = make_session(make_course(), tree["polres_b"])
    db.session.add(SessionTrainer(session=hidden, user=make_user(username="rahasia")))
    db.session.flush()

    names = [name for _key, name in trainer_choices(Scope(unit_paths=(tree["polda_a"].path,)))]

    assert names == ["Ani Yudhoyono", "zaki"]
