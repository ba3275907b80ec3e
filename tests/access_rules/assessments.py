"""Access rules of the assessment pages: framework (admins), course weights (admins change,
trainers read), grids (trainers/admins record, commanders read in their subtree), histories
(participants only their own) and "Nilai saya"."""

from datetime import UTC, datetime

from tests.access_rules.common import (
    ADMIN_ONLY,
    ADMIN_ONLY_POST,
    LOGGED_IN,
    READERS,
    SCOPED_PERSON,
    UNIT_LIST,
    name_session_trainer,
    row,
)
from tests.factories import enrol, make_course, make_person, make_session
from training.assessments.framework import assign_default_competencies
from training.assessments.services import GridRow, create_competency, save_grid

TRAINERS_READ = row(302, 200, 200, 403, 403, 403)
RECORD = row(302, 302, 302, 403, 404, 403)  # cmd_out does not even see the session/unit
#: The course grid filtered by a unit outside the scope: no 404, the regional trainers' save
#: of a person outside their scope is refused on the page.
RECORD_LIST = row(302, 302, 302, 403, 403, 403, trainer_regional=200, trainer_session=200)
#: The session is aimed at polda_a: the sibling Polres sees it, only its trainer records.
SEEN = row(302, 200, 200, 200, 404, 403, trainer_regional=200, trainer_session=200, cmd_sibling=200)
RECORD_SESSION = row(
    302, 302, 302, 403, 404, 403, trainer_regional=403, trainer_session=302, cmd_sibling=403
)
OWN = row(302, 200, 200, 200, 404, 200)

RULES = {
    "assessments.index": [("GET", "/assessments/", None, READERS)],
    "assessments.mine": [("GET", "/assessments/mine", None, LOGGED_IN)],
    "assessments.competencies": [("GET", "/assessments/competencies", None, ADMIN_ONLY)],
    "assessments.competency_new": [("GET", "/assessments/competencies/new", None, ADMIN_ONLY)],
    "assessments.competency_edit": [
        ("GET", "/assessments/competencies/{as_comp}/edit", None, ADMIN_ONLY)
    ],
    "assessments.competency_toggle": [
        ("POST", "/assessments/competencies/{as_spare}/toggle", {}, ADMIN_ONLY_POST)
    ],
    "assessments.competency_delete": [
        ("POST", "/assessments/competencies/{as_spare}/delete", {}, ADMIN_ONLY_POST)
    ],
    "assessments.course_competencies": [
        ("GET", "/assessments/courses/{as_course}/competencies", None, TRAINERS_READ),
        # a choice without its weight: the admin gets the form back with the error
        (
            "POST",
            "/assessments/courses/{as_course}/competencies",
            {"use": "{as_comp}"},
            ADMIN_ONLY,
        ),
    ],
    "assessments.session_grid": [
        ("GET", "/assessments/sessions/{as_session}", None, SEEN),
        ("POST", "/assessments/sessions/{as_session}", {"person": "{as_person}"}, RECORD_SESSION),
    ],
    "assessments.course_grid": [
        ("GET", "/assessments/courses/{as_course}", None, READERS),
        ("GET", "/assessments/courses/{as_course}?unit={unit}", None, UNIT_LIST),
        (
            "POST",
            "/assessments/courses/{as_course}?unit={unit}",
            {"person": "{as_person}"},
            RECORD_LIST,
        ),
    ],
    "assessments.history": [
        ("GET", "/assessments/courses/{as_course}/people/{as_person}", None, SCOPED_PERSON),
        ("GET", "/assessments/courses/{as_course}/people/{own}", None, OWN),
    ],
}


def build(tree, users) -> dict:
    """A tier-3 course with the default framework, a session held in Polres A for Polda A,
    the target person and the participant enrolled and assessed once."""
    course = make_course(tier=3)
    comps = [cc.competency_id for cc in assign_default_competencies(course)]
    session = make_session(
        course,
        tree["polres_a"],
        starts_at=datetime(2026, 11, 3, 2, 0, tzinfo=UTC),
        audience_unit=tree["polda_a"],
    )
    target = make_person(tree["polsek_a"], full_name="Dinilai Orang", nrp="81000301")
    own = users["participant"].person
    for person in (target, own):
        enrol(session, person)
    name_session_trainer(session, users)
    save_grid(
        course,
        [GridRow(p.id, dict.fromkeys(comps, "3")) for p in (target, own)],
        actor=users["admin"],
        session=session,
    )
    spare = create_competency("MATRIKS", "Kompetensi cadangan")
    return {
        "as_course": course.id,
        "as_session": session.id,
        "as_comp": comps[0],
        "as_spare": spare.id,
        "as_person": target.id,
    }
