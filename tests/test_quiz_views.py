"""Taking a quiz through the pages: from the home page to the questions, each answer saved as
given (JSON) or all at once (the form without script), a reload keeping them, the server's
deadline, handing in (graded by the queue, eager here), the review only once graded, the
attempts limit, and nothing of the right answers before; the admin's quiz and band forms."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD
from tests.learning_builders import single
from tests.quiz_factories import (
    CODES,
    make_quiz,
    make_quiz_world,
    right_position,
    wrong_position,
)
from tests.statements import assert_same_for_small_and_large, count_statements
from training.assessments.models import AssessmentAttempt, Competency
from training.audit.models import AuditEntry
from training.extensions import db as _db
from training.learning.models import Quiz, QuizAttempt
from training.learning.quiz_bands import Bands, bands_of
from training.learning.services import bank_for, save_question


@pytest.fixture
def world(db):
    return make_quiz_world()


def sign_in(client, user):
    client.post("/logout")
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def start(client, quiz) -> QuizAttempt:
    response = client.post(f"/quiz/{quiz.id}/start")
    assert response.status_code == 302
    attempt_id = int(re.search(r"/quiz/attempts/(\d+)", response.location).group(1))
    return _db.session.get(QuizAttempt, attempt_id)


def post_answer(client, attempt, position, value):
    return client.post(
        f"/quiz/attempts/{attempt.id}/answer", json={"position": position, "value": value}
    )


def right_texts(attempt) -> list[str]:
    return [slot.snapshot["choices"][0]["text"] for slot in attempt.slots]


def test_a_participant_reaches_the_pre_test_from_home_and_answers_are_kept_on_reload(
    client, world, db
):
    sign_in(client, world["users"]["rina"])
    home = client.get("/").text
    assert f'href="/quiz/{world["pre"].id}"' in home and world["post"].title in home
    assert client.get(f"/quiz/{world['pre'].id}").status_code == 200
    attempt = start(client, world["pre"])
    first, second = attempt.slots[0], attempt.slots[1]

    saved = post_answer(client, attempt, first.position, right_position(first))
    assert saved.status_code == 200 and saved.json["saved"] is True
    assert set(saved.json) == {"saved", "seconds_left"}  # no mark, no score
    assert 0 < saved.json["seconds_left"] <= 20 * 60
    post_answer(client, attempt, second.position, wrong_position(second))
    audited = db.session.scalars(
        select(AuditEntry.after).where(AuditEntry.action == "save_answer").order_by(AuditEntry.id)
    ).all()
    assert [a["question_no"] for a in audited] == [[first.position + 1], [second.position + 1]]

    page = client.get(f"/quiz/attempts/{attempt.id}").text  # the reload
    checked = re.findall(r'name="(q\d+)" id="q\d+-(\d+)" value="\d+" checked', page)
    assert sorted(checked) == sorted(
        [
            (f"q{first.position}", str(right_position(first))),
            (f"q{second.position}", str(wrong_position(second))),
        ]
    )
    assert client.post(f"/quiz/{world['pre'].id}/start").location.endswith(
        f"/quiz/attempts/{attempt.id}"
    )  # starting again resumes the same attempt


def test_the_questions_page_and_its_answers_say_nothing_of_the_right_answers(client, world, db):
    sign_in(client, world["users"]["rina"])
    attempt = start(client, world["pre"])

    page = client.get(f"/quiz/attempts/{attempt.id}").text
    answer = post_answer(client, attempt, 0, 0).text
    for text in (page, answer):
        for word in ("fraction", "Tepat.", "feedback", "match_text", "Benar", "Salah"):
            assert word not in text
    # the right answer is one choice among the shuffled ones, never marked or always first
    firsts = {right_position(slot) for slot in attempt.slots}
    assert len(firsts) > 1
    review = client.get(f"/quiz/attempts/{attempt.id}/review")
    assert review.status_code == 302 and review.location.endswith(f"/quiz/attempts/{attempt.id}")


def test_the_form_without_script_saves_every_answer_at_once(client, world, db):
    sign_in(client, world["users"]["agus"])
    attempt = start(client, world["post"])
    form = {f"q{slot.position}": str(right_position(slot)) for slot in attempt.slots[:3]}

    response = client.post(f"/quiz/attempts/{attempt.id}/save", data=form)

    assert response.status_code == 302
    db.session.expire_all()
    given = {s.position: (s.answer or {}).get("value") for s in attempt.slots}
    assert [given[s.position] for s in attempt.slots[:3]] == [
        right_position(s) for s in attempt.slots[:3]
    ]
    assert all(given[s.position] is None for s in attempt.slots[3:])
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "save_answer").order_by(AuditEntry.id.desc())
    )
    assert entry.after["question_no"] == [1, 2, 3]


def test_after_the_deadline_the_server_refuses_answers_and_a_hand_in_is_graded(client, world, db):
    sign_in(client, world["users"]["rina"])
    attempt = start(client, world["post"])
    for slot in attempt.slots:
        post_answer(client, attempt, slot.position, right_position(slot))
    attempt.deadline_at = datetime.now(UTC) - timedelta(seconds=1)  # the time limit is reached
    db.session.commit()

    late = post_answer(client, attempt, 0, wrong_position(attempt.slots[0]))
    assert late.status_code == 409 and "Waktu habis" in late.json["error"]
    handed = client.post(f"/quiz/attempts/{attempt.id}/submit", data={"q0": "0"})
    assert handed.status_code == 302
    review = client.get(handed.location, follow_redirects=True).text

    db.session.expire_all()
    assert attempt.score == 100.0 and attempt.closed_at is not None
    assert "Nilai: 100%" in review
    for text in right_texts(attempt):
        assert text in review  # the right answers now
    assert "5 Istimewa" in review
    source = db.session.scalar(select(AssessmentAttempt.source))
    assert source == "quiz"


def test_an_attempt_out_of_time_shows_grading_and_is_graded_by_the_queue(client, world, db):
    sign_in(client, world["users"]["rina"])
    attempt = start(client, world["pre"])
    attempt.deadline_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()

    # eager queue (no broker): the page's request for grading ran at once
    response = client.get(f"/quiz/attempts/{attempt.id}")

    assert response.status_code == 302 and response.location.endswith("/review")
    db.session.expire_all()
    assert attempt.score == 0.0


def _answer_statements(client, attempt) -> tuple[int, int]:
    """Statements of one answer saved through the page's script, then of the same again."""
    slot = attempt.slots[-1]
    url, answer = f"/quiz/attempts/{attempt.id}/answer", {"position": slot.position}
    answer["value"] = right_position(slot)
    counts = []
    for _time in ("first", "again"):
        _db.session.expire_all()
        with count_statements() as statements:
            saved = client.post(url, json=answer)
        assert saved.status_code == 200 and saved.json["saved"] is True
        counts.append(statements)
    return counts[0], counts[1]


def _small_and_large(client, world, db) -> tuple[QuizAttempt, QuizAttempt]:
    """Banks of 14 questions; attempts (started with their statements counted) at a
    post-test drawing 2 questions and one drawing 20."""
    for code in CODES:
        bank = bank_for(db.session.scalar(select(Competency).where(Competency.code == code)))
        for n in range(10):
            save_question(bank, single(f"{code} tambahan {n}", f"benar {n}", f"salah {n}"))
    world["post"].questions_per_competency = 1
    deep = make_quiz(world["course"], "post", title="Post-test 20", questions_per_competency=10)
    db.session.commit()
    sign_in(client, world["users"]["rina"])
    attempts = []
    for quiz_id in (world["post"].id, deep.id):
        db.session.expire_all()
        with count_statements() as statements:
            assert client.post(f"/quiz/{quiz_id}/start").status_code == 302
        attempt = db.session.scalar(select(QuizAttempt).where(QuizAttempt.quiz_id == quiz_id))
        attempts.append((attempt, statements))
    (small, small_start), (large, large_start) = attempts
    starts = (small_start, large_start)
    assert (len(small.slots), len(large.slots)) == (2, 20)
    # The draw reads the banks' questions with their choices and tags (three statements).
    # The slots' rows are one INSERT on PostgreSQL (SQLAlchemy's insertmanyvalues), one per
    # row on SQLite: left out of the comparison.
    reads = [[s for s in run if not s.startswith("INSERT INTO quiz_slot")] for run in starts]
    assert_same_for_small_and_large(*reads, 12)
    return small, large


def test_an_answer_is_a_handful_of_statements_whatever_the_number_of_questions(client, world, db):
    """The account with its roles, the attempt with its quiz, the one question answered, its
    update and audit entry: never the attempt's other questions, nor the whole view of the
    attempt recomputed for the seconds left (bench/load_quiz.py: 2,000 people answering).
    Starting the attempt is as many statements for 2 questions as for 20."""
    small, large = _small_and_large(client, world, db)

    (small_first, small_again), (large_first, large_again) = [
        _answer_statements(client, attempt) for attempt in (small, large)
    ]
    assert_same_for_small_and_large(small_first, large_first, 5)
    assert_same_for_small_and_large(small_again, large_again, 3)  # unchanged: nothing written


def test_the_attempts_limit_is_kept_by_the_start_button(client, world, db):
    sign_in(client, world["users"]["rina"])
    attempt = start(client, world["pre"])
    client.post(f"/quiz/attempts/{attempt.id}/submit", data={})

    again = client.post(f"/quiz/{world['pre'].id}/start", follow_redirects=True).text

    assert "Batas percobaan kuis ini sudah habis." in again
    assert len(db.session.scalars(select(QuizAttempt)).all()) == 1


def test_other_people_reach_neither_the_quiz_nor_the_attempt(client, world, db):
    sign_in(client, world["users"]["rina"])
    attempt = start(client, world["pre"])

    sign_in(client, world["users"]["agus"])  # enrolled too, but not their attempt
    assert client.get(f"/quiz/attempts/{attempt.id}").status_code == 404
    assert post_answer(client, attempt, 0, 0).status_code == 404
    sign_in(client, world["users"]["outsider"])  # not in the course
    assert client.get(f"/quiz/{world['pre'].id}").status_code == 404


def test_a_national_trainer_sets_up_a_quiz_and_the_bands(client, world, db):
    sign_in(client, world["users"]["trainer"])
    course = world["course"]
    assert "Pre-test dan post-test" in client.get(f"/materials/courses/{course.id}").text

    created = client.post(
        f"/quiz/courses/{course.id}/new",
        data={
            "kind": "post",
            "title": "Post-test penyegaran",
            "cycle_id": "0",
            "questions_per_competency": "3",
            "time_limit_minutes": "15",
            "max_attempts": "2",
            "is_active": "y",
        },
    )
    assert created.status_code == 302
    quiz = db.session.scalar(select(Quiz).where(Quiz.title == "Post-test penyegaran"))
    assert (quiz.kind, quiz.time_limit_minutes, quiz.max_attempts) == ("post", 15, 2)
    edited = client.post(
        f"/quiz/{quiz.id}/edit",
        data={
            "kind": "post",
            "title": "Post-test penyegaran",
            "cycle_id": "0",
            "questions_per_competency": "3",
            "time_limit_minutes": "25",
            "max_attempts": "2",
        },
    )
    assert edited.status_code == 302
    db.session.expire_all()
    assert (quiz.time_limit_minutes, quiz.is_active) == (25, False)

    refused = client.post(
        f"/quiz/courses/{course.id}/bands",
        data={"min_cukup": "60", "min_baik": "50", "min_baik_sekali": "70", "min_istimewa": "90"},
    )
    assert refused.status_code == 400 and "harus naik" in refused.text
    kept = client.post(
        f"/quiz/courses/{course.id}/bands",
        data={"min_cukup": "45", "min_baik": "60", "min_baik_sekali": "75", "min_istimewa": "88"},
    )
    assert kept.status_code == 302
    assert bands_of(course.id) == Bands(45, 60, 75, 88)
    page = client.get(f"/quiz/courses/{course.id}").text
    assert "4 Baik Sekali: 75–87%" in page
    entities = set(db.session.scalars(select(AuditEntry.entity)))
    assert {"quiz", "quiz_bands"} <= entities
