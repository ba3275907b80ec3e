"""Quiz use cases: start (or resume) an attempt, save each answer as it is given, close an
attempt on submission or once its deadline has passed (``close_expired``, for a job), and
what the person may see of it. The clock is the server's: ``now`` is passed in by tests.

Services never commit; the views, the CLI and the jobs do.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from training.assessments.models import CourseCompetency
from training.errors import RuleViolation
from training.extensions import db
from training.learning import grading
from training.learning.bankdata import Kind
from training.learning.models import Question, QuestionBank, QuizAttempt, QuizSlot
from training.learning.services import to_data


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def is_open(attempt: QuizAttempt, now: datetime) -> bool:
    return attempt.closed_at is None and now < attempt.deadline_at


def _attempts(quiz, person) -> list[QuizAttempt]:
    stmt = (
        select(QuizAttempt)
        .where(QuizAttempt.quiz_id == quiz.id, QuizAttempt.person_id == person.id)
        .order_by(QuizAttempt.attempt_no)
    )
    return list(db.session.scalars(stmt))


def start_attempt(quiz, person, *, now=None, rng: random.Random | None = None) -> QuizAttempt:
    """The person's open attempt at ``quiz`` (a reload resumes it), else a new one with its
    questions drawn; refused when the quiz is closed, attempts are used up or the banks are
    empty. The caller commits."""
    now, rng = _now(now), rng or random.SystemRandom()
    if not quiz.is_active:
        raise RuleViolation(_("Kuis ini tidak aktif."))
    attempts = _attempts(quiz, person)
    for attempt in attempts:
        if is_open(attempt, now):
            return attempt
        if attempt.closed_at is None:
            close_attempt(attempt, now=now)  # its time ran out unnoticed
    if len(attempts) >= quiz.max_attempts:
        raise RuleViolation(_("Batas percobaan kuis ini sudah habis."))
    drawn = draw(quiz, rng)
    if not drawn:
        raise RuleViolation(_("Bank soal kompetensi kursus ini belum berisi soal."))
    attempt = QuizAttempt(
        quiz=quiz,
        person_id=person.id,
        attempt_no=len(attempts) + 1,
        started_at=now,
        deadline_at=now + timedelta(minutes=quiz.time_limit_minutes),
    )
    attempt.slots = [_slot(i, q, cid, rng) for i, (q, cid) in enumerate(drawn)]
    db.session.add(attempt)
    db.session.flush()
    return attempt


def draw(quiz, rng: random.Random) -> list[tuple[Question, int]]:
    """Up to ``questions_per_competency`` questions from the bank of each of the course's
    competencies, at random, in a shuffled order."""
    stmt = (
        select(Question, QuestionBank.competency_id)
        .join(QuestionBank, QuestionBank.id == Question.bank_id)
        .join(CourseCompetency, CourseCompetency.competency_id == QuestionBank.competency_id)
        .where(CourseCompetency.course_id == quiz.course_id)
        .order_by(Question.id)
    )
    by_competency = defaultdict(list)
    for question, competency_id in db.session.execute(stmt):
        by_competency[competency_id].append(question)
    drawn = []
    for competency_id, questions in sorted(by_competency.items()):
        count = min(quiz.questions_per_competency, len(questions))
        drawn += [(q, competency_id) for q in rng.sample(questions, count)]
    rng.shuffle(drawn)
    return drawn


def _slot(position: int, question: Question, competency_id: int, rng) -> QuizSlot:
    data = to_data(question)
    order = list(range(len(data.choices)))
    if data.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.MATCHING):
        rng.shuffle(order)
    return QuizSlot(
        position=position,
        question_id=question.id,
        competency_id=competency_id,
        snapshot=grading.snapshot_of(data),
        choice_order=order if data.kind is not Kind.SHORT else [],
    )


def save_answer(attempt: QuizAttempt, position: int, value, *, now=None) -> QuizSlot:
    """Keep the answer to one question as given (replacing an earlier one); refused once the
    attempt is closed or its time is up. The caller commits."""
    now = _now(now)
    if attempt.closed_at is not None:
        raise RuleViolation(_("Percobaan ini sudah ditutup."))
    if now >= attempt.deadline_at:
        raise RuleViolation(_("Waktu habis: jawaban tidak disimpan lagi."))
    slot = next((s for s in attempt.slots if s.position == position), None)
    if slot is None:
        raise RuleViolation(_("Soal ini tidak ada dalam percobaan."))
    try:
        answer = grading.clean_answer(slot.snapshot, slot.choice_order, value)
    except (grading.BadAnswer, ValueError):
        raise RuleViolation(_("Jawaban tidak sah untuk soal ini.")) from None
    slot.answer, slot.answered_at = {"value": answer}, now
    return slot


def close_attempt(attempt: QuizAttempt, *, now=None) -> QuizAttempt:
    """Grade and close: at submission, or at the deadline when it passed first (answers saved
    before it count). Closing twice changes nothing. The caller commits."""
    if attempt.closed_at is not None:
        return attempt
    attempt.closed_at = min(_now(now), attempt.deadline_at)
    for slot in attempt.slots:
        given = slot.answer["value"] if slot.answer else None
        slot.mark = grading.mark(slot.snapshot, slot.choice_order, given)
    marks = [slot.mark for slot in attempt.slots]
    attempt.score = round(100 * sum(marks) / len(marks), 2) if marks else 0.0
    return attempt


def close_expired(*, now=None) -> int:
    """Close every attempt whose deadline has passed (the job's work); how many."""
    now = _now(now)
    stmt = select(QuizAttempt).where(
        QuizAttempt.closed_at.is_(None), QuizAttempt.deadline_at <= now
    )
    attempts = list(db.session.scalars(stmt))
    for attempt in attempts:
        close_attempt(attempt, now=now)
    return len(attempts)


def attempt_view(attempt: QuizAttempt, *, now=None) -> dict:
    """What the person's browser gets of an attempt: the questions as shown, the answers
    given, the seconds left by the server's clock; no right answers, whatever the state."""
    left = (attempt.deadline_at - _now(now)).total_seconds()
    open_ = is_open(attempt, _now(now))
    return {
        "attempt_no": attempt.attempt_no,
        "seconds_left": max(int(left), 0) if open_ else 0,
        "is_open": open_,
        "questions": [
            {
                "position": slot.position,
                **grading.shown(slot.snapshot, slot.choice_order),
                "answer": slot.answer["value"] if slot.answer else None,
            }
            for slot in attempt.slots
        ],
    }


def attempt_review(attempt: QuizAttempt) -> list[dict]:
    """After the attempt is closed (never before): each question as shown, the answer given,
    its mark, the right answers and the feedback."""
    if attempt.closed_at is None:
        raise RuleViolation(_("Pembahasan tersedia setelah kuis ditutup."))
    return [
        {
            "position": slot.position,
            **grading.shown(slot.snapshot, slot.choice_order),
            "answer": slot.answer["value"] if slot.answer else None,
            "mark": slot.mark,
            "right": [c["text"] for c in slot.snapshot["choices"] if c["fraction"] > 0],
            "feedback": [c.get("feedback", "") for c in slot.snapshot["choices"]],
            "general_feedback": slot.snapshot.get("general_feedback", ""),
        }
        for slot in attempt.slots
    ]


def competency_scores(attempt: QuizAttempt) -> dict[int, float]:
    """Percent of the marks per competency of a closed attempt."""
    marks = defaultdict(list)
    for slot in attempt.slots:
        marks[slot.competency_id].append(slot.mark or 0.0)
    return {cid: round(100 * sum(m) / len(m), 2) for cid, m in marks.items()}


def attempts_used(quiz, person) -> int:
    stmt = select(func.count()).where(
        QuizAttempt.quiz_id == quiz.id, QuizAttempt.person_id == person.id
    )
    return db.session.scalar(stmt)
