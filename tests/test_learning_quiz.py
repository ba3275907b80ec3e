"""Quiz service: questions drawn per competency, a reload resumes the attempt, answers kept
as given, the server's deadline, grading (a property test against a plain recomputation),
and nothing of the right answers in what the browser gets."""

import json
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.factories import make_course, make_person, make_tree
from tests.learning_builders import make_competency, single, true_false
from training.assessments.models import CourseCompetency
from training.errors import RuleViolation
from training.extensions import db as _db
from training.learning.bankdata import ChoiceData, Kind, QuestionData
from training.learning.grading import mark, shown
from training.learning.models import Question, Quiz, QuizAttempt
from training.learning.quiz import (
    attempt_review,
    attempt_view,
    close_attempt,
    competency_scores,
    save_answer,
    start_attempt,
)
from training.learning.quiz_grading import grade, grade_due
from training.learning.services import bank_for, save_question, to_data

T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def questions_for(code: str) -> list[QuestionData]:
    return [
        single(f"{code}: soal pilihan {n}", f"benar {n}", f"salah {n}a", f"salah {n}b")
        for n in range(4)
    ] + [
        true_false(f"{code}: pernyataan benar", True),
        QuestionData(
            Kind.MULTIPLE,
            f"{code}: pilih dua",
            choices=[ChoiceData("x", 50), ChoiceData("y", 50), ChoiceData("z", -100)],
        ),
        QuestionData(
            Kind.SHORT,
            f"{code}: singkatan",
            choices=[ChoiceData("2FA", 100), ChoiceData("*dua*", 50)],
        ),
        QuestionData(
            Kind.MATCHING,
            f"{code}: jodohkan",
            choices=[ChoiceData("a", 100, match_text="1"), ChoiceData("b", 100, match_text="2")],
        ),
    ]


def quiz_world(db, per_competency=3, **quiz_kw):
    course = make_course(tier=2)
    for code in ("AKUN", "ADUAN"):
        competency = make_competency(code)
        db.session.add(CourseCompetency(course_id=course.id, competency_id=competency.id, weight=1))
        for data in questions_for(code):
            save_question(bank_for(competency), data)
    make_competency("LAIN")  # not a competency of the course: never drawn
    quiz = Quiz(
        course_id=course.id,
        kind="pre",
        title="Pre-test tingkat 2",
        questions_per_competency=per_competency,
        **quiz_kw,
    )
    db.session.add(quiz)
    person = make_person(make_tree()["polsek_a"], full_name="Rina Wulandari")
    db.session.commit()
    return quiz, person


def test_questions_are_drawn_per_competency_of_the_course(db):
    quiz, person = quiz_world(db, per_competency=3)

    attempt = start_attempt(quiz, person, now=T0, rng=random.Random(1))

    prefixes = sorted(slot.snapshot["text"].split(":")[0] for slot in attempt.slots)
    assert prefixes == ["ADUAN"] * 3 + ["AKUN"] * 3
    assert [slot.position for slot in attempt.slots] == list(range(6))
    assert attempt.deadline_at == T0 + timedelta(minutes=30)


def test_a_reload_resumes_the_open_attempt_with_its_answers(db):
    quiz, person = quiz_world(db)
    attempt = start_attempt(quiz, person, now=T0, rng=random.Random(2))
    save_answer(attempt, 0, answer_for(attempt.slots[0]), now=T0 + timedelta(minutes=1))
    db.session.commit()
    db.session.expire_all()

    again = start_attempt(quiz, person, now=T0 + timedelta(minutes=5), rng=random.Random(3))

    assert again.id == attempt.id
    assert again.slots[0].answer == {"value": answer_for(again.slots[0])}
    assert len(db.session.scalars(select(QuizAttempt)).all()) == 1


def answer_for(slot):
    """A well-formed answer to a slot (the first shown choice, a text, one pair)."""
    kind = slot.snapshot["kind"]
    if kind in ("single", "truefalse"):
        return 0
    if kind == "multiple":
        return [0, 1]
    if kind == "short":
        return "2fa"
    return {"0": "1"}


def test_the_attempts_are_limited(db):
    quiz, person = quiz_world(db, max_attempts=1)
    attempt = start_attempt(quiz, person, now=T0)
    close_attempt(attempt, now=T0 + timedelta(minutes=3))

    with pytest.raises(RuleViolation, match="Batas percobaan"):
        start_attempt(quiz, person, now=T0 + timedelta(minutes=4))


def test_answers_after_the_deadline_are_refused_and_the_job_grades_the_rest(db):
    quiz, person = quiz_world(db, time_limit_minutes=10)
    attempt = start_attempt(quiz, person, now=T0, rng=random.Random(4))
    first = attempt.slots[0]
    save_answer(attempt, first.position, answer_for(first), now=T0 + timedelta(minutes=9))

    with pytest.raises(RuleViolation, match="Waktu habis"):
        save_answer(attempt, 1, answer_for(attempt.slots[1]), now=T0 + timedelta(minutes=10))
    assert grade_due(now=T0 + timedelta(minutes=9, seconds=59)) == 0
    assert grade_due(now=T0 + timedelta(minutes=11)) == 1

    assert attempt.closed_at == T0 + timedelta(minutes=10)  # closed at the deadline
    assert attempt.slots[1].answer is None and attempt.slots[1].mark == 0.0
    assert attempt.score == round(100 * first.mark / len(attempt.slots), 2)
    with pytest.raises(RuleViolation, match="sudah ditutup"):
        save_answer(attempt, 0, answer_for(first), now=T0 + timedelta(minutes=12))


def test_a_late_start_returns_the_expired_attempt_until_the_job_grades_it(db):
    quiz, person = quiz_world(db, max_attempts=2, time_limit_minutes=5)
    first = start_attempt(quiz, person, now=T0)

    waiting = start_attempt(quiz, person, now=T0 + timedelta(hours=1))
    assert waiting.id == first.id and first.closed_at is None  # no grading in a page load
    grade(first.id, now=T0 + timedelta(hours=1))
    second = start_attempt(quiz, person, now=T0 + timedelta(hours=1))

    assert (first.closed_at, first.score) == (T0 + timedelta(minutes=5), 0.0)
    assert second.attempt_no == 2


@pytest.mark.parametrize(
    ("value", "error"),
    [("satu", True), (-1, True), (99, True), (True, True), (None, True), (2, False)],
)
def test_bad_answers_are_refused(db, value, error):
    quiz, person = quiz_world(db, per_competency=8)
    attempt = start_attempt(quiz, person, now=T0, rng=random.Random(5))
    slot = next(s for s in attempt.slots if s.snapshot["kind"] == "single")

    if error:
        with pytest.raises(RuleViolation, match="tidak sah"):
            save_answer(attempt, slot.position, value, now=T0)
    else:
        assert save_answer(attempt, slot.position, value, now=T0).answer == {"value": 2}


def test_grading_each_kind():
    single_q = {"kind": "single", "text": "", "choices": choices((100, "a"), (0, "b"), (-50, "c"))}
    multi = {"kind": "multiple", "text": "", "choices": choices((50, "a"), (50, "b"), (-100, "c"))}
    short = {
        "kind": "short",
        "text": "",
        "case_sensitive": False,
        "choices": choices((100, "PDP"), (50, "*data*")),
    }
    pairs = [{"text": t, "fraction": 100, "match_text": m} for t, m in (("a", "1"), ("b", "2"))]
    matching = {"kind": "matching", "text": "", "choices": pairs}

    assert mark(single_q, [2, 0, 1], 1) == 1.0  # shown position 1 is the original first
    assert mark(single_q, [2, 0, 1], 0) == 0.0  # a penalty never goes below nothing
    assert mark(multi, [0, 1, 2], [0, 1]) == 1.0
    assert mark(multi, [0, 1, 2], [0, 2]) == 0.0
    assert mark(short, [], " pdp ") == 1.0
    assert mark(short, [], "perlindungan data pribadi") == 0.5
    assert mark(matching, [1, 0], {"0": "2", "1": "2"}) == 0.5
    assert mark(single_q, [0, 1, 2], None) == 0.0


def choices(*items):
    return [{"text": text, "fraction": fraction, "match_text": ""} for fraction, text in items]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000), picks=st.lists(st.integers(0, 5), min_size=16, max_size=16))
def test_the_score_equals_a_plain_recomputation_from_the_stored_answers(db, seed, picks):
    quiz = _db.session.scalar(select(Quiz)) or quiz_world(_db, per_competency=8)[0]
    person = make_person(make_tree()["polsek_a"])  # one world, a new person per example
    attempt = start_attempt(quiz, person, now=T0, rng=random.Random(seed))
    for slot, pick in zip(attempt.slots, picks, strict=False):
        if pick:  # 0: left unanswered
            save_answer(attempt, slot.position, any_answer(slot, pick), now=T0)
    _db.session.commit()

    close_attempt(attempt, now=T0 + timedelta(minutes=2))

    assert attempt.score == pytest.approx(recompute(attempt), abs=0.01)
    per = competency_scores(attempt)
    assert set(per) == {slot.competency_id for slot in attempt.slots}


def any_answer(slot, pick: int):
    kind, count = slot.snapshot["kind"], len(slot.choice_order)
    if kind in ("single", "truefalse"):
        return pick % count
    if kind == "multiple":
        return [p % count for p in range(pick)]
    if kind == "short":
        return ["2FA", "dua faktor", "salah", "2fa", "x"][pick % 5]
    return {str(p % count): str(1 + (pick + p) % 2) for p in range(pick % 3)}


def recompute(attempt) -> float:
    """The score from the stored rows, the plain way: per question the fractions of the
    original choices the shown positions point at, capped to 0..1, then the mean."""
    total = 0.0
    for slot in attempt.slots:
        answer = slot.answer["value"] if slot.answer else None
        original = [slot.snapshot["choices"][i] for i in slot.choice_order]
        kind = slot.snapshot["kind"]
        if answer is None:
            earned = 0.0
        elif kind in ("single", "truefalse"):
            earned = original[answer]["fraction"] / 100
        elif kind == "multiple":
            earned = sum(original[p]["fraction"] for p in answer) / 100
        elif kind == "short":
            earned = {"2fa": 1.0, "dua faktor": 0.5}.get(answer.lower(), 0.0)
        else:
            hits = sum(original[int(p)]["match_text"] == v for p, v in answer.items())
            earned = hits / len(original)
        total += min(max(earned, 0.0), 1.0)
    return 100 * total / len(attempt.slots)


def test_the_browser_view_holds_no_right_answer(db):
    quiz, person = quiz_world(db, per_competency=8)
    attempt = start_attempt(quiz, person, now=T0, rng=random.Random(6))

    view = attempt_view(attempt, now=T0 + timedelta(minutes=1))
    text = json.dumps(view)

    assert view["seconds_left"] == 29 * 60 and view["is_open"] is True
    for word in ("fraction", "feedback", "match_text", "question_id", "Tepat."):
        assert word not in text
    matching = next(q for q in view["questions"] if q["kind"] == "matching")
    assert matching["options"] == ["1", "2"]  # sorted: their order tells nothing
    assert "2FA" not in text and "*dua*" not in text  # short answers stay on the server


def test_the_right_answer_is_not_always_shown_first(db):
    quiz, person = quiz_world(db, per_competency=8)
    firsts = set()
    for seed in range(8):
        attempt = start_attempt(quiz, person, now=T0, rng=random.Random(seed))
        for slot in attempt.slots:
            if slot.snapshot["kind"] == "single":
                firsts.add(
                    shown(slot.snapshot, slot.choice_order)["choices"][0].startswith("benar")
                )
        db.session.delete(attempt)
        db.session.flush()

    assert firsts == {True, False}


def test_editing_the_bank_does_not_change_a_running_attempt(db):
    quiz, person = quiz_world(db, per_competency=8)
    attempt = start_attempt(quiz, person, now=T0, rng=random.Random(7))
    slot = next(s for s in attempt.slots if s.snapshot["kind"] == "truefalse")
    save_answer(attempt, slot.position, slot.choice_order.index(0), now=T0)  # "Benar"
    question = db.session.get(Question, slot.question_id)
    data = to_data(question)
    data.choices = [ChoiceData("Benar", 0), ChoiceData("Salah", 100)]
    save_question(question.bank, data, question=question)

    close_attempt(attempt, now=T0 + timedelta(minutes=1))

    assert slot.mark == 1.0


def test_the_review_opens_only_once_the_attempt_is_closed(db):
    quiz, person = quiz_world(db, per_competency=8)
    attempt = start_attempt(quiz, person, now=T0, rng=random.Random(8))
    slot = next(s for s in attempt.slots if s.snapshot["kind"] == "single")
    right = slot.choice_order.index(0)  # the builder's right answer is the first choice
    save_answer(attempt, slot.position, right, now=T0)

    with pytest.raises(RuleViolation, match="setelah kuis ditutup"):
        attempt_review(attempt)
    close_attempt(attempt, now=T0 + timedelta(minutes=1))
    review = {item["position"]: item for item in attempt_review(attempt)}

    item = review[slot.position]
    assert (item["answer"], item["mark"]) == (right, 1.0)
    assert item["right"] == [slot.snapshot["choices"][0]["text"]]
    assert "Tepat." in item["feedback"]
