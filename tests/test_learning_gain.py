"""Learning gain: the first pre-test against the latest post-test per person, averaged per
course, trainer, unit and competency, cut to the viewer's scope, in a bounded number of
statements."""

from datetime import timedelta

import pytest

from tests.factories import (
    enrol,
    make_people_across_units,
    make_person,
    make_session,
    make_tree,
    make_user,
)
from tests.gain_factories import T0, closed_attempt, gain_course, make_quiz
from tests.statements import assert_same_for_small_and_large, count_statements
from training.learning.gain import course_gain, course_summaries
from training.policy.scope import Scope, scope_of
from training.programs.models import Cycle
from training.sessions.models import SessionTrainer

EVERYTHING = Scope(everything=True)


def test_the_first_pre_test_and_the_latest_post_test_count(db):
    tree = make_tree()
    course, pre, post, (akun, aduan) = gain_course()
    person = make_person(tree["polsek_a"])
    closed_attempt(pre, person, {akun: [0.4]}, attempt_no=1)
    closed_attempt(pre, person, {akun: [0.9]}, attempt_no=2, at=T0 + timedelta(hours=1))
    closed_attempt(post, person, {akun: [1.0]}, attempt_no=1, at=T0 + timedelta(days=1))
    closed_attempt(post, person, {akun: [0.7]}, attempt_no=2, at=T0 + timedelta(days=2))

    found = course_gain(course, EVERYTHING, tree["mabes"])

    assert found.overall.as_dict() == {"people": 1, "pre": 40.0, "post": 70.0, "gain": 30.0}


def test_people_without_both_closed_tests_are_left_out(db):
    tree = make_tree()
    course, pre, post, (akun, _aduan) = gain_course()
    both, only_pre, still_open = (make_person(tree["polsek_a"]) for _ in range(3))
    closed_attempt(pre, both, {akun: [0.5, 0.5]})
    closed_attempt(post, both, {akun: [1.0, 0.5]}, at=T0 + timedelta(days=1))
    closed_attempt(pre, only_pre, {akun: [0.0, 0.0]})
    closed_attempt(pre, still_open, {akun: [0.0, 0.0]})
    closed_attempt(post, still_open, {akun: [1.0, 1.0]}, closed=False)

    found = course_gain(course, EVERYTHING, tree["mabes"])

    assert found.overall.as_dict() == {"people": 1, "pre": 50.0, "post": 75.0, "gain": 25.0}


def test_a_refresher_pairs_with_its_own_cycle_only(db):
    tree = make_tree()
    course, pre, post, (akun, _aduan) = gain_course()
    cycle = Cycle(program_id=course.program_id, number=2, starts_on=T0.date(), ends_on=T0.date())
    db.session.add(cycle)
    db.session.flush()
    person = make_person(tree["polsek_a"])
    closed_attempt(pre, person, {akun: [0.2]})
    closed_attempt(post, person, {akun: [0.6]}, at=T0 + timedelta(days=1))
    closed_attempt(
        make_quiz(course, "pre", cycle), person, {akun: [0.5]}, at=T0 + timedelta(days=300)
    )
    closed_attempt(
        make_quiz(course, "post", cycle), person, {akun: [1.0]}, at=T0 + timedelta(days=301)
    )

    found = course_gain(course, EVERYTHING, tree["mabes"])

    # two pairs of one person: (20 -> 60) and (50 -> 100)
    assert found.overall.as_dict() == {"people": 2, "pre": 35.0, "post": 80.0, "gain": 45.0}


def test_gain_per_competency_reads_the_slot_marks(db):
    tree = make_tree()
    course, pre, post, (akun, aduan) = gain_course()
    for n in range(2):
        person = make_person(tree["polsek_a"])
        closed_attempt(pre, person, {akun: [0.0, 0.5], aduan: [1.0, 1.0]})
        closed_attempt(post, person, {akun: [1.0, 1.0], aduan: [0.5, 1.0 - n * 0.5]})

    found = course_gain(course, EVERYTHING, tree["mabes"])

    by_code = {c.code: g.as_dict() for c, g in found.competencies}
    assert by_code == {
        "AKUN": {"people": 2, "pre": 25.0, "post": 100.0, "gain": 75.0},
        "ADUAN": {"people": 2, "pre": 100.0, "post": 62.5, "gain": -37.5},
    }


def test_gain_per_trainer_follows_the_latest_session_of_the_course(db):
    tree = make_tree()
    course, pre, post, (akun, _aduan) = gain_course()
    sari = make_person(tree["polres_a"], full_name="Sari Pelatih")
    budi = make_user(("trainer",), username="budi_pelatih")
    early = make_session(course, tree["polres_a"], starts_at=T0 - timedelta(days=30))
    late = make_session(course, tree["polres_a"], starts_at=T0 - timedelta(days=2))
    early.trainers.append(SessionTrainer(user_id=budi.id))
    late.trainers.append(SessionTrainer(person_id=sari.id))
    moved, stayed = make_person(tree["polsek_a"]), make_person(tree["polsek_a"])
    enrol(early, moved)
    enrol(late, moved)
    enrol(early, stayed)
    closed_attempt(pre, moved, {akun: [0.0]})
    closed_attempt(post, moved, {akun: [1.0]})
    closed_attempt(pre, stayed, {akun: [0.5]})
    closed_attempt(post, stayed, {akun: [0.5]})

    found = course_gain(course, EVERYTHING, tree["mabes"])

    assert [(name, g.as_dict()) for name, g in found.trainers] == [
        ("budi_pelatih", {"people": 1, "pre": 50.0, "post": 50.0, "gain": 0.0}),
        ("Sari Pelatih", {"people": 1, "pre": 0.0, "post": 100.0, "gain": 100.0}),
    ]


def _people_world(n_units: int, per_unit: int, codes=("AKUN", "ADUAN")):
    course, pre, post, (akun, aduan) = gain_course(codes)
    people = make_people_across_units(n_units, per_unit)
    for i, person in enumerate(people):
        low = (i % 5) / 10
        closed_attempt(pre, person, {akun: [low, low], aduan: [low]})
        closed_attempt(post, person, {akun: [1.0, low + 0.4], aduan: [0.9]})
    return course, people


def test_gain_per_unit_over_many_units(db):
    course, people = _people_world(n_units=4, per_unit=5)
    polda = people[0].unit.parent

    found = course_gain(course, EVERYTHING, polda)

    assert [u.id for u, _g in found.units] == sorted(
        {p.unit_id for p in people}, key=lambda i: db.session.get(type(people[0].unit), i).code
    )
    # every unit: lows 0.0..0.4 -> pre mean (2 low + low)/3 = low, post (1 + low + .4 + .9)/3
    for _unit, gain in found.units:
        assert gain.as_dict() == {"people": 5, "pre": 20.0, "post": 83.3, "gain": 63.3}
    assert found.overall.people == 20


def test_a_commander_sees_the_gain_of_their_subtree_only(db):
    tree = make_tree()
    course, pre, post, (akun, _aduan) = gain_course()
    for unit, (before, after) in ((tree["polsek_a"], (0.0, 1.0)), (tree["polsek_b"], (0.5, 0.6))):
        person = make_person(unit)
        closed_attempt(pre, person, {akun: [before]})
        closed_attempt(post, person, {akun: [after]})
    kapolres_b = make_user(("commander",), unit=tree["polres_b"])

    found = course_summaries([course.id], scope_of(kapolres_b), tree["mabes"])

    assert found[course.id].as_dict() == {"people": 1, "pre": 50.0, "post": 60.0, "gain": 10.0}


@pytest.mark.parametrize("reader", [course_gain, course_summaries])
def test_gain_takes_the_same_statements_for_few_and_many_people(db, reader):
    def measure(n_units, per_unit, codes):
        course, people = _people_world(n_units, per_unit, codes)
        polda = people[0].unit.parent
        session = make_session(course, polda)
        session.trainers.append(SessionTrainer(person_id=people[0].id))
        for person in people:
            enrol(session, person)
        db.session.commit()
        db.session.expire_all()
        arg = course if reader is course_gain else [course.id]
        assert course.title and polda.path  # loaded before the count
        with count_statements() as statements:
            reader(arg, EVERYTHING, polda)
        return statements

    small = measure(2, 2, ("A1", "B1"))
    large = measure(12, 15, ("A2", "B2"))

    assert_same_for_small_and_large(small, large, bound=5)
