"""Access rules of the feedback pages (training.learning, blueprint ``feedback``).

A session held in polres_a for polres_a ended two days ago (real clock: the pages read the
time); the participant attended it, trainer_session is its named trainer. Results: admins
all, a trainer only the sessions they trained (the national and the regional trainer, not
named, get 404), commanders their subtree's (cmd_in yes; cmd_out and the sibling Polres's
commander 404). The survey is edited by admins and national trainers only. Answering is for
the people who attended (everybody else: 404, not even told the survey exists).
"""

from datetime import UTC, datetime, timedelta

from tests.access_rules.common import READERS, name_session_trainer, row
from tests.factories import make_course, make_session
from tests.feedback_factories import mark
from training.learning.feedback_services import ensure_template

SESSION_RESULTS = row(
    302, 200, 404, 200, 404, 403, trainer_regional=404, trainer_session=200, cmd_sibling=404
)
UNKNOWN = row(302, 404, 404, 404, 404, 403)
TRAINER_PAGE = row(
    302, 200, 403, 200, 200, 403, trainer_regional=403, trainer_session=200, cmd_sibling=200
)
EDITORS = row(302, 200, 200, 403, 403, 403, trainer_regional=403, trainer_session=403)
EDITORS_POST = row(302, 302, 302, 403, 403, 403, trainer_regional=403, trainer_session=403)
#: Deleted by the admin first: the national trainer finds nothing; the rest lack the rule.
DELETED_BY_ADMIN = row(
    302, 302, 404, 403, 403, 403, trainer_regional=403, trainer_session=403, cmd_sibling=403
)
ANSWERER = row(302, 404, 404, 404, 404, 200)
ANSWERER_POST = row(302, 404, 404, 404, 404, 302)
NOBODY = row(302, 404, 404, 404, 404, 404)
#: The first version's questions on a fresh database: four required Likert, one text.
ANSWERS = {"q1": "5", "q2": "4", "q3": "4", "q4": "5", "q5": "Tambah praktik"}


def _results(endpoint: str, path: str, expected) -> dict:
    return {
        endpoint: [
            ("GET", path, None, expected),
            ("GET", path + ".csv", None, expected),
            ("GET", path + ".xlsx", None, expected),
        ]
    }


RULES = {
    "feedback.index": [("GET", "/feedback/", None, READERS)],
    "feedback.answer": [
        ("GET", "/feedback/sessions/{fb_session}", None, ANSWERER),
        ("POST", "/feedback/sessions/{fb_session}", ANSWERS, ANSWERER_POST),
        ("GET", "/feedback/sessions/{fb_other_session}", None, NOBODY),
        ("GET", "/feedback/sessions/999999", None, NOBODY),
    ],
    **_results(
        "feedback.session_results", "/feedback/sessions/{fb_session}/results", SESSION_RESULTS
    ),
    **_results("feedback.course_results", "/feedback/courses/{fb_course}/results", READERS),
    **_results("feedback.trainer_results", "/feedback/trainers/{fb_trainer}/results", TRAINER_PAGE),
    "feedback.template": [("GET", "/feedback/template", None, EDITORS)],
    "feedback.question_add": [
        (
            "POST",
            "/feedback/template/questions",
            {"kind": "likert", "prompt": "Sarana pelatihan memadai.", "is_required": "y"},
            EDITORS_POST,
        )
    ],
    "feedback.question_edit": [
        ("GET", "/feedback/template/questions/{fb_question}/edit", None, EDITORS),
        (
            "POST",
            "/feedback/template/questions/{fb_question}/edit",
            {"kind": "likert", "prompt": "Materi sangat relevan.", "is_required": "y"},
            EDITORS_POST,
        ),
    ],
    "feedback.question_move": [
        (
            "POST",
            "/feedback/template/questions/{fb_question}/move",
            {"direction": "down"},
            EDITORS_POST,
        )
    ],
    "feedback.question_delete": [
        ("POST", "/feedback/template/questions/{fb_question}/delete", {}, DELETED_BY_ADMIN)
    ],
}


def build(tree, users):
    """The ended session (participant present, trainer_session named) and a second ended
    session the participant did not attend."""
    end = datetime.now(UTC) - timedelta(days=2)
    course = make_course(tier=2)
    session = make_session(
        course, tree["polres_a"], audience_unit=tree["polres_a"], starts_at=end - timedelta(hours=2)
    )
    name_session_trainer(session, users)
    mark(session, users["participant"].person)
    other = make_session(
        course, tree["polres_a"], audience_unit=tree["polres_a"], starts_at=end - timedelta(hours=5)
    )
    template = ensure_template()
    return {
        "fb_session": session.id,
        "fb_other_session": other.id,
        "fb_course": course.id,
        "fb_trainer": users["trainer_session"].id,
        "fb_question": template.questions[0].id,
    }
