"""The scope rule: who sees which units and people, and the subtree range condition."""

from sqlalchemy import select

from tests.factories import make_person, make_tree, make_unit, make_user
from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope, person_clause, scope_of, unit_clause
from training.units.models import Unit, in_subtree


def _codes(condition):
    return set(db.session.scalars(select(Unit.code).where(condition)))


def _descendants(unit):
    found = {unit.code}
    for child in unit.children:
        found |= _descendants(child)
    return found


def test_in_subtree_matches_exactly_the_descendants_even_when_ids_share_digits(db):
    mabes = make_unit()
    poldas = [make_unit(mabes) for _ in range(12)]  # ids 2..13: "/1/2/" vs "/1/12/"
    for polda in poldas:
        for _ in range(2):
            make_unit(make_unit(polda))
    db.session.commit()

    for unit in db.session.scalars(select(Unit)):
        assert _codes(in_subtree(unit.path)) == _descendants(unit), unit.path


def test_commander_scope_is_their_unit_and_everything_below(db):
    tree = make_tree()
    user = make_user(roles=("commander",), unit=tree["polda_a"])

    codes = _codes(unit_clause(scope_of(user)))

    assert codes == {tree[k].code for k in ("polda_a", "polres_a", "polsek_a")}


def test_admin_and_trainer_see_every_unit(db):
    tree = make_tree()

    for role in ("admin", "trainer"):
        assert _codes(unit_clause(scope_of(make_user(roles=(role,))))) == {
            u.code for u in tree.values()
        }


def test_participant_sees_no_unit_and_only_their_own_person(db):
    tree = make_tree()
    me = make_person(tree["polsek_a"])
    make_person(tree["polsek_a"])
    user = make_user(roles=("participant",), person=me)

    scope = scope_of(user)

    assert _codes(unit_clause(scope)) == set()
    assert list(db.session.scalars(select(Person.id).where(person_clause(scope)))) == [me.id]


def test_commander_who_is_also_participant_sees_the_union(db):
    tree = make_tree()
    me = make_person(tree["polres_b"], position="kapolres", rank="AKBP")
    below = make_person(tree["polsek_b"])
    make_person(tree["polsek_a"])
    user = make_user(roles=("commander", "participant"), unit=tree["polsek_b"], person=me)

    ids = set(db.session.scalars(select(Person.id).where(person_clause(scope_of(user)))))

    assert ids == {me.id, below.id}


def test_commander_without_unit_and_anonymous_see_nothing(db):
    make_tree()
    user = make_user(roles=("commander",))

    assert scope_of(user) == Scope()
    assert scope_of(None) == Scope()
    assert _codes(unit_clause(Scope())) == set()


def test_trainer_attached_to_a_unit_sees_only_that_subtree(db):
    tree = make_tree()
    user = make_user(roles=("trainer",), unit=tree["polda_b"])

    codes = _codes(unit_clause(scope_of(user)))

    assert codes == {tree[k].code for k in ("polda_b", "polres_b", "polsek_b")}


def test_sessions_concern_a_command_held_inside_or_aimed_at_it_or_above_it(db):
    from tests.factories import make_course, make_session
    from training.policy.sessions import can_see_session, session_clause
    from training.sessions.models import TrainingSession

    tree = make_tree()
    course = make_course()
    held_inside = make_session(course, tree["polsek_a"], audience_unit=tree["polsek_a"])
    aimed_inside = make_session(course, tree["mabes"], audience_unit=tree["polres_a"])
    aimed_above = make_session(course, tree["polda_a"], audience_unit=tree["polda_a"])
    elsewhere = make_session(course, tree["polres_b"], audience_unit=tree["polda_b"])
    national = make_session(course, tree["mabes"], audience_unit=tree["mabes"])
    scope = scope_of(make_user(roles=("commander",), unit=tree["polres_a"]))

    found = set(db.session.scalars(select(TrainingSession.id).where(session_clause(scope))))

    expected = {held_inside.id, aimed_inside.id, aimed_above.id, national.id}
    assert found == expected
    for session in (held_inside, aimed_inside, aimed_above, elsewhere, national):
        assert can_see_session(scope, session) == (session.id in expected)
