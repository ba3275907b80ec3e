"""The named rules of training.policy, each asked for the same seven actors.

The world: a session held in and aimed at Polres A, a trainer named on it who belongs to
Polres A2 (Polres A's sibling under Polda A), a participant of Polsek A enrolled in it.
Actors: an admin, a national trainer (no unit), a regional trainer of Polda A, the named
session trainer, the commander of Polres A, the commander of Polres A2 and the participant.
"""

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories import enrol, make_person, make_session, make_tree, make_unit, make_user
from training.extensions import db as _db
from training.people.models import Person
from training.policy import (
    RULES,
    can_see_person,
    can_see_unit,
    commanded_unit,
    person_clause,
    rules,
    scope_of,
    unit_clause,
)
from training.policy.commanders import is_hq_actor, is_polda_actor, is_polres_actor
from training.policy.planning import may_plan_cycle, may_plan_draft, may_see_draft
from training.policy.sessions import (
    calendar_session_clause,
    managed_session_clause,
    may_assess_session,
    may_manage_session,
    may_run_drill,
    may_see_session,
    roll_call_access,
)
from training.sessions.models import SessionTrainer, TrainingSession
from training.units.models import Unit

ACTORS = (
    "admin",
    "trainer_national",
    "trainer_regional",
    "trainer_session",
    "cmd_unit",
    "cmd_sibling",
    "participant",
)


def expect(*holders: str) -> dict[str, bool]:
    return {actor: actor in holders for actor in ACTORS}


@pytest.fixture
def world(db):
    tree = make_tree()
    tree["polres_a2"] = make_unit(tree["polda_a"])
    target = make_person(tree["polsek_a"])
    own = make_person(tree["polsek_a"])
    named = make_person(tree["polres_a2"])
    users = {
        "admin": make_user(roles=("admin",)),
        "trainer_national": make_user(roles=("trainer",)),
        "trainer_regional": make_user(roles=("trainer",), unit=tree["polda_a"]),
        "trainer_session": make_user(roles=("trainer",), unit=tree["polres_a2"], person=named),
        "cmd_unit": make_user(roles=("commander",), unit=tree["polres_a"]),
        "cmd_sibling": make_user(roles=("commander",), unit=tree["polres_a2"]),
        "participant": make_user(roles=("participant",), person=own),
    }
    session = make_session(venue_unit=tree["polres_a"], audience_unit=tree["polres_a"])
    _db.session.add(SessionTrainer(session=session, person_id=named.id))
    enrol(session, own)
    _db.session.flush()
    return {"tree": tree, "users": users, "session": session, "target": target, "own": own}


def ask(world, question) -> dict[str, bool]:
    return {actor: question(user) for actor, user in world["users"].items()}


# --- rules by role ---------------------------------------------------------------------------

ROLE_RULES = {
    rules.READ_PROGRAMME: expect(*ACTORS[:6]),
    rules.ENROL: expect(*ACTORS[:6]),
    rules.MANAGE_SESSIONS: expect(*ACTORS[:4]),
    rules.ASSESS: expect(*ACTORS[:4]),
    rules.ISSUE_CERTIFICATE: expect(*ACTORS[:4]),
    rules.PLAN: expect(*ACTORS[:4]),
    rules.READ_QUESTION_BANK: expect(*ACTORS[:4]),
    rules.EDIT_QUESTION_BANK: expect("admin", "trainer_national"),
    rules.MANAGE_QUIZZES: expect("admin", "trainer_national"),
    rules.MANAGE_MATERIALS: expect(*ACTORS[:4]),
    rules.SIGN_OFF: expect("admin", "cmd_unit", "cmd_sibling"),
    rules.MANAGE_BOOKINGS: expect("admin", "cmd_unit", "cmd_sibling"),
    rules.SIGN_OFF_FOR_ANY_UNIT: expect("admin"),
    rules.MANAGE_SIGN_IN: expect("admin", "cmd_unit", "cmd_sibling"),
    rules.RECORD_MENTIONS: expect("admin", "cmd_unit", "cmd_sibling"),
    rules.READ_QUIZ_RESULTS: expect(*ACTORS[:6]),  # whose rows: policy.quiz_results
    rules.MANAGE_FEEDBACK_TEMPLATE: expect(*ACTORS[:4]),  # national only: policy.feedback
    rules.READ_FEEDBACK_RESULTS: expect(*ACTORS[:6]),
    rules.MANAGE_USERS: expect("admin"),
    rules.MANAGE_UNITS: expect("admin"),
    rules.MANAGE_PEOPLE: expect("admin"),
    rules.MANAGE_PROGRAMMES: expect("admin"),
    rules.MANAGE_ACCOUNTS: expect("admin"),
    rules.MANAGE_DRILL_BANK: expect("admin"),
    rules.REVOKE_CERTIFICATE: expect("admin"),
    rules.SEND_REMINDERS: expect("admin"),
    rules.READ_AUDIT_LOG: expect("admin"),
    rules.SEE_ALL_JOBS: expect("admin"),
    rules.OVERRIDE_RULES: expect("admin"),
}


def test_every_named_rule_is_tested_here():
    assert {rule.name for rule in ROLE_RULES} == set(RULES)


@pytest.mark.parametrize("rule", list(ROLE_RULES), ids=lambda rule: rule.name)
def test_rule_by_role(world, rule):
    assert ask(world, rule) == ROLE_RULES[rule]


def test_rules_refuse_anonymous_visitors():
    assert [rule(None) for rule in RULES.values()] == [False] * len(RULES)


# --- see a unit, see a person ----------------------------------------------------------------


def test_see_unit(world):
    polres_a = world["tree"]["polres_a"]

    assert ask(world, lambda u: can_see_unit(scope_of(u), polres_a)) == expect(
        "admin", "trainer_national", "trainer_regional", "cmd_unit"
    )


def test_see_unit_as_sql_agrees(world):
    polres_a = world["tree"]["polres_a"]

    def listed(user):
        ids = _db.session.scalars(select(Unit.id).where(unit_clause(scope_of(user))))
        return polres_a.id in set(ids)

    assert ask(world, listed) == ask(world, lambda u: can_see_unit(scope_of(u), polres_a))


def test_see_person(world):
    target, own = world["target"], world["own"]

    assert ask(world, lambda u: can_see_person(scope_of(u), target)) == expect(
        "admin", "trainer_national", "trainer_regional", "cmd_unit"
    )
    assert ask(world, lambda u: can_see_person(scope_of(u), own)) == expect(
        "admin", "trainer_national", "trainer_regional", "cmd_unit", "participant"
    )


def test_see_person_as_sql_agrees(world):
    own = world["own"]

    def listed(user):
        ids = _db.session.scalars(select(Person.id).where(person_clause(scope_of(user))))
        return own.id in set(ids)

    assert ask(world, listed) == ask(world, lambda u: can_see_person(scope_of(u), own))


# --- sessions --------------------------------------------------------------------------------


def test_see_session(world):
    s = world["session"]

    assert ask(world, lambda u: may_see_session(u, s)) == expect(*ACTORS[:5])


def test_manage_session(world):
    s = world["session"]

    assert ask(world, lambda u: may_manage_session(u, s)) == expect(*ACTORS[:4])
    assert ask(world, lambda u: may_assess_session(u, s)) == expect(*ACTORS[:4])
    assert ask(world, lambda u: may_run_drill(u, s)) == expect(*ACTORS[:4])


def test_manage_session_as_sql_agrees(world):
    s = world["session"]

    def listed(user):
        stmt = select(TrainingSession.id).where(managed_session_clause(user))
        return s.id in set(_db.session.scalars(stmt))

    assert ask(world, listed) == expect(*ACTORS[:4])


def test_a_regional_trainer_does_not_manage_a_session_aimed_above_their_command(world):
    tree = world["tree"]
    aimed_above = make_session(venue_unit=tree["polres_a"], audience_unit=tree["polda_a"])
    regional = world["users"]["trainer_regional"]
    cmd = world["users"]["cmd_unit"]

    assert may_see_session(cmd, aimed_above) is True
    assert may_manage_session(cmd, aimed_above) is False
    # the regional trainer of Polda A commands the whole of it
    assert may_manage_session(regional, aimed_above) is True


def test_take_or_read_the_roll_call(world):
    s = world["session"]

    assert ask(world, lambda u: roll_call_access(u, s)) == {
        "admin": "take",
        "trainer_national": "take",
        "trainer_regional": "take",
        "trainer_session": "take",
        "cmd_unit": "read",
        "cmd_sibling": None,
        "participant": None,
    }


def test_calendar_shows_the_sessions_one_sees_and_ones_own(world):
    s = world["session"]

    def listed(user):
        clause = calendar_session_clause(scope_of(user), user.id, user.person_id)
        return s.id in set(_db.session.scalars(select(TrainingSession.id).where(clause)))

    # the participant is enrolled; the named trainer trains it
    assert ask(world, listed) == expect(*ACTORS[:5], "participant")


# --- planning --------------------------------------------------------------------------------


def test_plan_a_whole_cycle(world):
    assert ask(world, may_plan_cycle) == expect("admin", "trainer_national")
    assert may_plan_cycle(None) is True  # the command line


def test_plan_one_draft(world):
    draft = make_session(
        venue_unit=world["tree"]["polres_a"],
        audience_unit=world["tree"]["polres_a"],
        status="draft",
    )

    assert ask(world, lambda u: may_plan_draft(u, draft)) == expect(
        "admin", "trainer_national", "trainer_regional"
    )


def test_see_one_draft(world):
    tree = world["tree"]
    draft = make_session(venue_unit=tree["polres_a"], audience_unit=tree["polres_a"])
    polda_wide = make_session(venue_unit=tree["polres_a"], audience_unit=tree["polda_a"])
    no_audience = make_session(venue_unit=tree["polres_a"], status="draft")

    assert ask(world, lambda u: may_see_draft(u, draft)) == expect(
        "admin", "trainer_national", "trainer_regional", "cmd_unit"
    )
    # the Polres sees the Polda-wide session but does not open it as its draft
    assert ask(world, lambda u: may_see_draft(u, polda_wide)) == expect(
        "admin", "trainer_national", "trainer_regional"
    )
    assert ask(world, lambda u: may_see_draft(u, no_audience)) == expect(
        "admin", "trainer_national", "trainer_regional", "cmd_unit"
    )


# --- commanders and the sign-off chain -------------------------------------------------------


def test_commanded_unit(world):
    tree = world["tree"]

    assert ask(world, commanded_unit) == {
        "admin": None,
        "trainer_national": None,
        "trainer_regional": None,
        "trainer_session": None,
        "cmd_unit": tree["polres_a"],
        "cmd_sibling": tree["polres_a2"],
        "participant": None,
    }


def test_sign_off_steps_of_a_polres_report(world):
    polres_a = world["tree"]["polres_a"]
    polda_cmd = make_user(roles=("commander",), unit=world["tree"]["polda_a"])
    hq_cmd = make_user(roles=("commander",), unit=world["tree"]["mabes"])

    assert ask(world, lambda u: is_polres_actor(u, polres_a)) == expect("admin", "cmd_unit")
    assert ask(world, lambda u: is_polda_actor(u, polres_a)) == expect("admin")
    assert ask(world, is_hq_actor) == expect("admin")
    assert (is_polres_actor(polda_cmd, polres_a), is_polda_actor(polda_cmd, polres_a)) == (
        False,
        True,
    )
    assert (is_polda_actor(hq_cmd, polres_a), is_hq_actor(hq_cmd)) == (False, True)


def test_no_role_checks_outside_the_policy_and_the_scope():
    """Views, services and templates ask named rules; only the policy and the scope it
    reads look at role names."""
    root = Path(__file__).resolve().parent.parent
    # the model, the scope the rules read, and an account following its person's post
    allowed = {"training/auth/models.py", "training/policy/scope.py", "training/auth/follow.py"}
    files = [*root.glob("training/**/*.py"), *root.glob("templates/**/*.html")]
    offenders = sorted(
        str(path.relative_to(root))
        for path in files
        if "has_role(" in path.read_text(encoding="utf-8")
        and str(path.relative_to(root)) not in allowed
        and not str(path.relative_to(root)).startswith("training/policy/")
    )

    assert offenders == []
