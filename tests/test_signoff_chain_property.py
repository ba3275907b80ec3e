"""Random sequences of chain actions by random people behave like the transition table.

The model below is the sign-off rule written as plainly as possible; the services must
agree with it on every step: the resulting state, which refusals are "not your step"
(403 in the pages) and which are "not possible now" (a message), and the steps recorded.
"""

from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.signoff_factories import make_chain, make_cycle, make_report
from training.errors import RuleViolation
from training.signoff import workflow

ACTORS = ("admin", "kapolres_a", "kapolda_a", "hq", "kapolres_b", "kapolda_b", "trainer")
POLRES, POLDA, HQ = {"admin", "kapolres_a"}, {"admin", "kapolda_a"}, {"admin", "hq"}
#: (action, state) -> (who may, new state); anything missing is not possible in that state.
TABLE = {
    ("submit", "draft"): (POLRES, "submitted"),
    ("submit", "returned"): (POLRES, "submitted"),
    ("verify", "submitted"): (POLDA, "polda_verified"),
    ("verify", "polda_verified"): (HQ, "verified"),
    ("return", "submitted"): (POLDA, "returned"),
    ("return", "polda_verified"): (HQ, "returned"),
}
STEP_NAMES = {
    ("submit", "submitted"): "submit",
    ("verify", "polda_verified"): "verify_polda",
    ("verify", "verified"): "verify_hq",
    ("return", "returned"): "return",
}
_cycles = count(2)


@pytest.fixture
def chain(db):
    return make_chain()


def _expect(state, actor, action):
    if (action, state) not in TABLE:
        return state, "illegal"
    allowed, new_state = TABLE[(action, state)]
    return (new_state, "ok") if actor in allowed else (state, "wrong_actor")


def _run(report, user, action):
    try:
        if action == "submit":
            workflow.submit(report, user)
        elif action == "verify":
            workflow.verify(report, user)
        else:
            workflow.return_report(report, user, "Alasan uji")
    except workflow.WrongActor:
        return "wrong_actor"
    except RuleViolation:
        return "illegal"
    return "ok"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moves=st.lists(
        st.tuples(st.sampled_from(ACTORS), st.sampled_from(("submit", "verify", "return"))),
        max_size=14,
    )
)
def test_random_moves_follow_the_transition_table(db, chain, moves):
    chain = {**chain, "cycle": make_cycle(chain["cycle"].program, number=next(_cycles))}
    report = make_report(chain)
    state, expected_steps = "draft", []

    for actor, action in moves:
        new_state, outcome = _expect(state, actor, action)
        assert _run(report, chain[actor], action) == outcome, (state, actor, action)
        if outcome == "ok":
            expected_steps.append((STEP_NAMES[(action, new_state)], state, new_state, actor))
        state = new_state
        assert report.state == state

    recorded = [(s.action, s.from_state, s.to_state, s.user.username) for s in report.steps]
    names = {chain[a].username: a for a in ACTORS}
    assert [(a, f, t, names[u]) for a, f, t, u in recorded] == expected_steps
    assert workflow.version_of(report) == len(expected_steps)


def test_the_model_covers_every_state_and_action():
    states = {"draft", "submitted", "returned", "polda_verified", "verified"}

    reachable = {new for _, new in TABLE.values()} | {"draft"}

    assert reachable == states
    assert not any(state == "verified" for _, state in TABLE)  # final: no way out
