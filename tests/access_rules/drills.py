"""Access rules of the response drill: the scenario bank (admins), a session's drills and
the scoring board (its trainers run them; commanders and trainers the session concerns
read them), the participant's pages (only people enrolled in the session)."""

from datetime import UTC, datetime, timedelta

from tests.access_rules.common import (
    ADMIN_ONLY,
    ADMIN_ONLY_POST,
    LOGGED_IN,
    name_session_trainer,
    row,
)
from tests.drill_factories import mark_present
from tests.factories import enrol, make_course, make_person, make_session
from training.assessments.drill_scenarios import ensure_default_scenarios, scenarios
from training.assessments.drill_services import show_next, start_drill
from training.assessments.framework import assign_default_competencies

#: The session is aimed at polda_a: the sibling Polres sees it, only its trainers run drills.
SEEN = row(302, 200, 200, 200, 404, 403, trainer_regional=200, trainer_session=200, cmd_sibling=200)
RUN = row(302, 302, 302, 403, 404, 403, trainer_regional=403, trainer_session=302, cmd_sibling=403)
#: Only a person enrolled in the session (the participant) plays; nobody else finds it.
PLAYER = row(
    302, 404, 404, 404, 404, 200, trainer_regional=404, trainer_session=404, cmd_sibling=404
)
PLAYER_POST = dict(PLAYER, participant=302)
ADMIN_UNKNOWN_FILE = row(302, 404, 403, 403, 403, 403)

RULES = {
    "drills.scenario_list": [("GET", "/assessments/drills/scenarios", None, ADMIN_ONLY)],
    "drills.scenario_new": [("GET", "/assessments/drills/scenarios/new", None, ADMIN_ONLY)],
    "drills.scenario_edit": [
        ("GET", "/assessments/drills/scenarios/{dr_scenario}/edit", None, ADMIN_ONLY)
    ],
    "drills.scenario_toggle": [
        ("POST", "/assessments/drills/scenarios/{dr_scenario}/toggle", {}, ADMIN_ONLY_POST)
    ],
    "drills.import_": [("GET", "/assessments/drills/scenarios/import", None, ADMIN_ONLY)],
    "drills.import_confirm": [
        ("POST", "/assessments/drills/scenarios/import/confirm", {"token": "x"}, ADMIN_ONLY_POST)
    ],
    "drills.import_errors": [
        ("GET", "/assessments/drills/scenarios/import/errors/x.csv", None, ADMIN_UNKNOWN_FILE)
    ],
    "drills.scenario_export": [
        ("GET", "/assessments/drills/scenarios/export.csv", None, ADMIN_ONLY)
    ],
    "drills.session_drills": [("GET", "/assessments/drills/sessions/{dr_session}", None, SEEN)],
    # the session is over: the trainers are sent back with the reason, nothing starts
    "drills.start": [
        ("POST", "/assessments/drills/sessions/{dr_session}/start", {"count": "2"}, RUN)
    ],
    "drills.board": [("GET", "/assessments/drills/{dr_drill}", None, SEEN)],
    "drills.scores": [("POST", "/assessments/drills/{dr_drill}/scores", {}, RUN)],
    "drills.finish": [("POST", "/assessments/drills/{dr_drill}/finish", {}, RUN)],
    "drills.mine": [("GET", "/assessments/drills/mine", None, LOGGED_IN)],
    "drills.play": [("GET", "/assessments/drills/{dr_drill}/play", None, PLAYER)],
    "drills.show": [("POST", "/assessments/drills/{dr_drill}/show", {}, PLAYER_POST)],
    "drills.reply": [
        (
            "POST",
            "/assessments/drills/{dr_drill}/reply",
            {"item_id": "{dr_item}", "text": "Terima kasih, kami tindak lanjuti."},
            PLAYER_POST,
        )
    ],
}


def build(tree, users) -> dict:
    """A tier-3 course with the default framework, a session held in Polres A for Polda A
    (over by now), the target person and the participant enrolled and present, and a drill
    started while it ran, its first mention shown to the participant."""
    course = make_course(tier=3)
    assign_default_competencies(course)
    starts = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
    session = make_session(
        course, tree["polres_a"], starts_at=starts, audience_unit=tree["polda_a"]
    )
    target = make_person(tree["polsek_a"], full_name="Penjawab Mention", nrp="81001501")
    own = users["participant"].person
    for person in (target, own):
        enrol(session, person)
        mark_present(session, person)
    name_session_trainer(session, users)
    ensure_default_scenarios(starts)
    first_two = [s.id for s in scenarios(active_only=True)[:2]]  # BALAP-LIAR, BEGAL-VIRAL
    drill = start_drill(
        session, actor=users["admin"], scenario_ids=first_two, now=starts + timedelta(minutes=20)
    )
    show_next(drill, own, now=starts + timedelta(minutes=25))
    return {
        "dr_session": session.id,
        "dr_drill": drill.id,
        "dr_item": drill.items[0].id,
        "dr_scenario": drill.items[0].scenario_id,
    }
