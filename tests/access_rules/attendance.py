"""Access rules of the attendance pages: roll call, sign-off, projector, self check-in."""

from datetime import UTC, datetime

from tests.access_rules.common import LOGGED_IN, name_session_trainer, row
from tests.factories import enrol, make_course, make_person, make_session

#: Those who manage the session act (then redirect); commanders, and trainers it merely
#: concerns (aimed at polda_a, above the sibling Polres), read only; participants are refused.
MANAGE = {"trainer_regional": 403, "trainer_session": 302, "cmd_sibling": 403}
TRAINER_POST = row(302, 302, 302, 403, 404, 403, **MANAGE)
TRAINER_PAGE = row(302, 200, 200, 403, 404, 403, **{**MANAGE, "trainer_session": 200})
SEEN = row(302, 200, 200, 200, 404, 403, trainer_regional=200, trainer_session=200, cmd_sibling=200)
#: Everyone logged in may try a check-in; refusals come back as a message and a redirect (a
#: wrong code in a link shows nothing of the session either).
ANY_POST = row(302, 302, 302, 302, 302, 302)

RULES = {
    "attendance.sheet": [("GET", "/attendance/sessions/{att_session}", None, SEEN)],
    "attendance.save": [("POST", "/attendance/sessions/{att_session}", {}, TRAINER_POST)],
    "attendance.signoff": [
        ("POST", "/attendance/sessions/{att_session}/signoff", {"confirm": "y"}, TRAINER_POST)
    ],
    "attendance.sheet_json": [("GET", "/attendance/sessions/{att_session}/sheet.json", None, SEEN)],
    "attendance.projector": [
        ("GET", "/attendance/sessions/{att_session}/projector", None, TRAINER_PAGE)
    ],
    "attendance.code_json": [
        ("GET", "/attendance/sessions/{att_session}/code.json", None, TRAINER_PAGE)
    ],
    "attendance.scan": [
        ("GET", "/attendance/c/{att_session}/abc", None, ANY_POST),
        ("POST", "/attendance/c/{att_session}/abc", {}, ANY_POST),
    ],
    "attendance.checkin": [
        ("GET", "/attendance/checkin", None, LOGGED_IN),
        ("POST", "/attendance/checkin", {"session_id": "{att_session}", "code": "X"}, LOGGED_IN),
    ],
}


def build(tree, users) -> dict:
    """A past session in Polres A with a Polsek A kapolsek and the participant enrolled."""
    session = make_session(
        make_course(tier=3),
        tree["polres_a"],
        starts_at=datetime(2026, 3, 4, 2, 0, tzinfo=UTC),
        audience_unit=tree["polda_a"],
    )
    person = make_person(tree["polsek_a"], position="kapolsek", nrp="81000201")
    enrol(session, person)
    enrol(session, users["participant"].person)
    name_session_trainer(session, users)
    return {"att_session": session.id, "att_person": person.id}
