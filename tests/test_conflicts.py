"""Conflicts are computed on UTC instants: 09.00 WIB and 10.00 WITA are the same moment."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import enrol, make_course, make_person, make_session, make_tree, make_user
from tests.test_sessions import NOW, data_for, world  # noqa: F401  (fixture)
from training.sessions.conflicts import Window, find_clashes
from training.sessions.editing import update_occurrence
from training.sessions.models import SessionTrainer
from training.sessions.services import ConflictError, create_session

WIB_9 = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)  # 09.00 WIB = 10.00 WITA = 11.00 WIT


@pytest.fixture
def units(db):
    return make_tree()


def window(start, hours=2, people=()):
    return Window(start, start + timedelta(hours=hours), tuple(people))


def test_a_trainer_teaching_at_nine_wib_clashes_with_ten_wita(units):
    trainer = make_user(roles=("trainer",))
    jakarta = make_session(make_course(), units["polda_a"], starts_at=WIB_9)
    jakarta.trainers.append(SessionTrainer(user_id=trainer.id))

    clashes = find_clashes([window(WIB_9)], user_ids=[trainer.id])

    assert [(c.kind, c.other.id) for c in clashes] == [("trainer", jakarta.id)]
    assert "09.00 WIB" in clashes[0].describe()


def test_a_person_trainer_clashes_too(units):
    person = make_person(units["polda_a"], full_name="Kombes Budi")
    other = make_session(make_course(), units["polda_a"], starts_at=WIB_9)
    other.trainers.append(SessionTrainer(person_id=person.id))

    clashes = find_clashes([window(WIB_9 + timedelta(hours=1))], person_ids=[person.id])

    assert [(c.kind, c.who) for c in clashes] == [("trainer", "Kombes Budi")]


def test_an_enrolled_participant_double_booked_across_zones_clashes(units):
    person = make_person(units["polsek_b"], full_name="AKP Sari")
    makassar = make_session(make_course(), units["polda_b"], starts_at=WIB_9)
    enrol(makassar, person)

    clashes = find_clashes([window(WIB_9 - timedelta(minutes=30), people=[person.id])])

    assert [(c.kind, c.who, c.other.id) for c in clashes] == [
        ("participant", "AKP Sari", makassar.id)
    ]


def test_a_waitlisted_participant_does_not_clash(units):
    person = make_person(units["polsek_b"])
    enrol(make_session(make_course(), units["polda_b"], starts_at=WIB_9), person, "waitlisted")

    assert find_clashes([window(WIB_9, people=[person.id])]) == []


def test_the_same_venue_twice_clashes_ignoring_case(units):
    make_session(make_course(), units["polda_b"], starts_at=WIB_9, venue="Aula Presisi")

    clashes = find_clashes(
        [window(WIB_9 + timedelta(minutes=90))],
        venue_unit_id=units["polda_b"].id,
        venue="aula presisi",
    )

    assert [c.kind for c in clashes] == ["venue"]


def test_touching_sessions_do_not_clash(units):
    trainer = make_user(roles=("trainer",))
    before = make_session(make_course(), units["polda_a"], starts_at=WIB_9, venue="Aula")
    before.trainers.append(SessionTrainer(user_id=trainer.id))

    clashes = find_clashes(
        [window(WIB_9 + timedelta(hours=2))],
        user_ids=[trainer.id],
        venue_unit_id=units["polda_a"].id,
        venue="Aula",
    )

    assert clashes == []


def test_cancelled_sessions_are_ignored(units):
    trainer = make_user(roles=("trainer",))
    gone = make_session(make_course(), units["polda_a"], starts_at=WIB_9, status="cancelled")
    gone.trainers.append(SessionTrainer(user_id=trainer.id))

    assert find_clashes([window(WIB_9)], user_ids=[trainer.id]) == []


def test_a_session_in_wita_is_refused_when_its_trainer_teaches_in_wib(world):  # noqa: F811
    tree = world["tree"]
    create_session(world["admin"], data_for(world), now=NOW)  # 09.00 WIB in polda_a
    makassar = data_for(
        world,
        venue_unit=tree["polda_b"],
        audience_unit=tree["polda_b"],
        start_local=datetime(2026, 11, 3, 10, 30),  # 10.30 WITA = 09.30 WIB
    )

    with pytest.raises(ConflictError) as caught:
        create_session(world["admin"], makassar, now=NOW)

    assert [c.kind for c in caught.value.clashes] == ["trainer"]
    assert world["trainer"].username in caught.value.clashes[0].describe()


def test_moving_a_session_onto_an_enrolled_persons_other_session_is_refused(world):  # noqa: F811
    tree = world["tree"]
    person = make_person(tree["polda_a"], position="kapolda", full_name="Irjen Wira")
    first = create_session(world["admin"], data_for(world, venue="", trainer_users=[]), now=NOW)
    later = create_session(
        world["admin"],
        data_for(world, venue="", trainer_users=[], start_local=datetime(2026, 11, 3, 13, 0)),
        now=NOW,
    )
    enrol(first, person)
    enrol(later, person)

    moved = data_for(world, venue="", trainer_users=[], start_local=datetime(2026, 11, 3, 10, 0))
    with pytest.raises(ConflictError) as caught:
        update_occurrence(later, world["admin"], moved, now=NOW)

    assert [(c.kind, c.who) for c in caught.value.clashes] == [("participant", "Irjen Wira")]
