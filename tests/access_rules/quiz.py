"""Access rules of the quizzes (training.learning, blueprint ``quiz``).

The participant is enrolled in a session of the course (held in polres_a; trainer_session
is named on it); the target person is enrolled too and has an attempt of their own. A quiz
and its attempts are the participant's alone: everyone else, staff included, finds nothing
(404), and a quiz of a course they take no part in is not found either. Setting up quizzes
and bands is for admins and national trainers (``rules.MANAGE_QUIZZES``); regional trainers,
even the one named on the session, and commanders get 403. A quiz's results page and its
export are for staff (``rules.READ_QUIZ_RESULTS``; the rows are cut to the reader's people);
participants get 403.
"""

from tests.access_rules.common import name_session_trainer, row
from tests.factories import enrol, make_course, make_person, make_session
from tests.quiz_factories import bank_course, make_quiz
from training.learning import quiz_taking
from training.learning.quiz_grading import grade

#: Only the participant: their quiz, their attempt.
OWN = row(302, 404, 404, 404, 404, 200)
OWN_POST = row(302, 404, 404, 404, 404, 302)
NOBODY = row(302, 404, 404, 404, 404, 404)
MANAGERS = row(302, 200, 200, 403, 403, 403, trainer_regional=403, trainer_session=403)
MANAGERS_POST = row(302, 302, 302, 403, 403, 403, trainer_regional=403, trainer_session=403)
#: Staff read the results (each sees the rows of their people); participants are refused.
RESULTS = row(302, 200, 200, 200, 200, 403)
NO_QUIZ = row(302, 404, 404, 404, 404, 403)
UNKNOWN_COURSE = row(302, 404, 404, 403, 403, 403, trainer_regional=403, trainer_session=403)
NEW_QUIZ = {
    "kind": "pre",
    "title": "Pre-test uji akses",
    "cycle_id": "0",
    "questions_per_competency": "2",
    "time_limit_minutes": "10",
    "max_attempts": "1",
    "is_active": "y",
}

RULES = {
    "quiz.show": [
        ("GET", "/quiz/{qz_pre}", None, OWN),
        ("GET", "/quiz/{qz_other}", None, NOBODY),
        ("GET", "/quiz/999999", None, NOBODY),
    ],
    "quiz.start": [
        ("POST", "/quiz/{qz_post}/start", {}, OWN_POST),
        ("POST", "/quiz/{qz_other}/start", {}, NOBODY),
    ],
    "quiz.attempt": [
        ("GET", "/quiz/attempts/{qz_attempt}", None, OWN),
        ("GET", "/quiz/attempts/{qz_foreign}", None, NOBODY),
    ],
    "quiz.answer": [
        # JSON from the page's script, or the page's own fields (answered in JSON: 200)
        ("POST", "/quiz/attempts/{qz_attempt}/answer", {"q0": "0"}, OWN),
        ("POST", "/quiz/attempts/{qz_attempt}/answer", {}, row(302, 404, 404, 404, 404, 400)),
        ("POST", "/quiz/attempts/{qz_foreign}/answer", {"q0": "0"}, NOBODY),
    ],
    "quiz.save": [
        ("POST", "/quiz/attempts/{qz_attempt}/save", {"q0": "0"}, OWN_POST),
        ("POST", "/quiz/attempts/{qz_foreign}/save", {"q0": "0"}, NOBODY),
    ],
    "quiz.submit": [
        ("POST", "/quiz/attempts/{qz_attempt}/submit", {}, OWN_POST),
        ("POST", "/quiz/attempts/{qz_foreign}/submit", {}, NOBODY),
    ],
    "quiz.review": [
        ("GET", "/quiz/attempts/{qz_done}/review", None, OWN),
        ("GET", "/quiz/attempts/{qz_attempt}/review", None, OWN_POST),  # not graded: back
        ("GET", "/quiz/attempts/{qz_foreign}/review", None, NOBODY),
    ],
    "quiz.results_index": [("GET", "/quiz/results", None, RESULTS)],
    "quiz.results": [
        ("GET", "/quiz/{qz_post}/results", None, RESULTS),
        ("GET", "/quiz/{qz_post}/results?status=graded&unit=X&q=a", None, RESULTS),
        ("GET", "/quiz/999999/results", None, NO_QUIZ),
    ],
    "quiz.results_export": [
        ("GET", "/quiz/{qz_post}/results.csv", None, RESULTS),
        ("GET", "/quiz/{qz_post}/results.xlsx", None, RESULTS),
        ("GET", "/quiz/{qz_post}/results.pdf", None, NO_QUIZ),
        ("GET", "/quiz/999999/results.csv", None, NO_QUIZ),
    ],
    "quiz.course": [
        ("GET", "/quiz/courses/{qz_course}", None, MANAGERS),
        ("GET", "/quiz/courses/999999", None, UNKNOWN_COURSE),
    ],
    "quiz.new": [
        ("GET", "/quiz/courses/{qz_course}/new", None, MANAGERS),
        ("POST", "/quiz/courses/{qz_course}/new", NEW_QUIZ, MANAGERS_POST),
    ],
    "quiz.edit": [
        ("GET", "/quiz/{qz_pre}/edit", None, MANAGERS),
        ("POST", "/quiz/{qz_pre}/edit", NEW_QUIZ, MANAGERS_POST),
    ],
    "quiz.bands": [
        (
            "POST",
            "/quiz/courses/{qz_course}/bands",
            {"min_cukup": "45", "min_baik": "60", "min_baik_sekali": "75", "min_istimewa": "90"},
            MANAGERS_POST,
        ),
    ],
}


def build(tree, users):
    """A course with two competency banks, its pre- and post-test; the participant and the
    target person enrolled; an open attempt of each, and a graded one of the participant."""
    course = bank_course(codes=("KUISA", "KUISB"), questions=2, title="Tingkat 3 Kuis")
    other = make_quiz(make_course(course.program, tier=2), "pre")
    session = make_session(course, tree["polres_a"], audience_unit=tree["polres_a"])
    name_session_trainer(session, users)
    own = users["participant"].person
    target = make_person(tree["polsek_a"], full_name="Peserta Kuis Lain", nrp="81000090")
    for person in (own, target):
        enrol(session, person)
    pre = make_quiz(course, "pre", time_limit_minutes=30)
    post = make_quiz(course, "post", max_attempts=3, time_limit_minutes=30)
    attempt = quiz_taking.begin(pre, own, users["participant"])
    foreign = quiz_taking.begin(pre, target, None)
    done = quiz_taking.begin(post, own, users["participant"])
    quiz_taking.hand_in(done, users["participant"])
    grade(done.id)
    return {
        "qz_course": course.id,
        "qz_pre": pre.id,
        "qz_post": post.id,
        "qz_other": other.id,
        "qz_attempt": attempt.id,
        "qz_foreign": foreign.id,
        "qz_done": done.id,
    }
