"""Quiz use cases: start (or resume) an attempt, save each answer as it is given, hand it in,
close (grade) it once handed in or past its deadline (``quiz_grading`` does, as a job), and
what the person may see of it. The clock is the server's: ``now`` is passed in by tests.

Services never commit; the views, the CLI and the jobs do.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, inspect, or_, select
from sqlalchemy.orm import selectinload

from training.assessments.models import CourseCompetency
from training.errors import RuleViolation
from training.extensions import db
from training.learning import grading
from training.learning.bankdata import Kind
from training.learning.materials_progress import materials_allow_post_test
from training.learning.models import Question, QuestionBank, QuizAttempt, QuizSlot
from training.learning.services import to_data
from training.policy.materials import takes_part_in


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def is_open(attempt: QuizAttempt, now: datetime) -> bool:
    """Still taking answers: not submitted, not closed, before the deadline."""
    return attempt.submitted_at is None and attempt.closed_at is None and now < attempt.deadline_at


def awaits_grading(attempt: QuizAttempt, now: datetime) -> bool:
    """Handed in, or out of time, and not graded yet (the grading job's work)."""
    return attempt.closed_at is None and not is_open(attempt, now)


def _attempts(quiz, person) -> list[QuizAttempt]:
    stmt = (
        select(QuizAttempt)
        .where(QuizAttempt.quiz_id == quiz.id, QuizAttempt.person_id == person.id)
        .order_by(QuizAttempt.attempt_no)
    )
    return list(db.session.scalars(stmt))


def cycle_refusal(quiz, person_id: int | None) -> str | None:
    """Why the person may not take a quiz of one cycle (None when they may): it is open only
    to the people of a session or an online refresher of the course in that cycle."""
    if quiz.cycle_id is None or takes_part_in(person_id, quiz.course, quiz.cycle_id):
        return None
    return _(
        "Kuis ini khusus peserta siklus %(n)d kursus ini (sesi atau penyegaran daring "
        "siklus tersebut); Anda tidak terdaftar pada siklus itu.",
        n=quiz.cycle.number,
    )


def start_attempt(quiz, person, *, now=None, rng: random.Random | None = None) -> QuizAttempt:
    """The person's attempt at ``quiz`` not graded yet (a reload resumes it), else a new one
    with its questions drawn; refused when the quiz is closed or of a cycle the person is
    not in, attempts are used up, the banks are empty or (a post-test) the course's required
    materials are not done. The caller commits."""
    now, rng = _now(now), rng or random.SystemRandom()
    if not quiz.is_active:
        raise RuleViolation(_("Kuis ini tidak aktif."))
    if refusal := cycle_refusal(quiz, person.id):
        raise RuleViolation(refusal)
    attempts = _attempts(quiz, person)
    for attempt in attempts:
        if attempt.closed_at is None:
            return attempt  # open (a reload resumes it), or waiting for the grading job
    if len(attempts) >= quiz.max_attempts:
        raise RuleViolation(_("Batas percobaan kuis ini sudah habis."))
    if quiz.is_post and not materials_allow_post_test(person, quiz.course):
        raise RuleViolation(_("Selesaikan semua modul materi kursus ini sebelum post-test."))
    drawn = draw(quiz, rng)
    if not drawn:
        raise RuleViolation(_("Bank soal kompetensi kursus ini belum berisi soal."))
    attempt = new_attempt(quiz, person.id, len(attempts) + 1, drawn, now=now, rng=rng)
    db.session.add(attempt)
    db.session.flush()
    return attempt


def new_attempt(quiz, person_id: int, number: int, drawn: list, *, now, rng) -> QuizAttempt:
    """Attempt ``number`` of the person with a slot per drawn question (``draw``), not
    added to the session: ``start_attempt`` checks the rules first."""
    attempt = QuizAttempt(
        quiz=quiz,
        person_id=person_id,
        attempt_no=number,
        started_at=now,
        deadline_at=now + timedelta(minutes=quiz.time_limit_minutes),
    )
    attempt.slots = [_slot(i, q, cid, rng) for i, (q, cid) in enumerate(drawn)]
    return attempt


def draw(quiz, rng: random.Random) -> list[tuple[Question, int]]:
    """Up to ``questions_per_competency`` questions from the bank of each of the course's
    competencies, at random, in a shuffled order (with their choices and tags: three
    statements whatever the number of questions)."""
    return pick(bank_questions(quiz), quiz.questions_per_competency, rng)


def bank_questions(quiz) -> dict[int, list[Question]]:
    """The questions of the banks of the quiz's course's competencies, by competency."""
    stmt = (
        select(Question, QuestionBank.competency_id)
        .join(QuestionBank, QuestionBank.id == Question.bank_id)
        .join(CourseCompetency, CourseCompetency.competency_id == QuestionBank.competency_id)
        .where(CourseCompetency.course_id == quiz.course_id)
        .options(selectinload(Question.choices), selectinload(Question.tags))
        .order_by(Question.id)
    )
    by_competency = defaultdict(list)
    for question, competency_id in db.session.execute(stmt):
        by_competency[competency_id].append(question)
    return by_competency


def pick(by_competency: dict, per_competency: int, rng: random.Random) -> list:
    """``draw`` from questions already read (``bank_questions``)."""
    drawn = []
    for competency_id, questions in sorted(by_competency.items()):
        count = min(per_competency, len(questions))
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


def save_answer(
    attempt: QuizAttempt, position: int, value, *, now=None, slot: QuizSlot | None = None
) -> QuizSlot:
    """Keep the answer to one question as given (replacing an earlier one); refused once the
    attempt is closed or its time is up. ``slot``: the question at ``position`` when the
    caller has read it. The caller commits."""
    now = _now(now)
    if attempt.closed_at is not None or attempt.submitted_at is not None:
        raise RuleViolation(_("Percobaan ini sudah ditutup."))
    if now >= attempt.deadline_at:
        raise RuleViolation(_("Waktu habis: jawaban tidak disimpan lagi."))
    slot = slot if slot is not None and slot.position == position else slot_at(attempt, position)
    if slot is None:
        raise RuleViolation(_("Soal ini tidak ada dalam percobaan."))
    try:
        answer = grading.clean_answer(slot.snapshot, slot.choice_order, value)
    except (grading.BadAnswer, ValueError):
        raise RuleViolation(_("Jawaban tidak sah untuk soal ini.")) from None
    slot.answer, slot.answered_at = {"value": answer}, now
    return slot


def slot_at(attempt: QuizAttempt, position: int) -> QuizSlot | None:
    """The attempt's question at ``position``: from its slots when they are loaded, else
    that one row (one answer saved reads one question, not all of them)."""
    if "slots" not in inspect(attempt).unloaded:
        return next((s for s in attempt.slots if s.position == position), None)
    stmt = select(QuizSlot).where(QuizSlot.attempt_id == attempt.id, QuizSlot.position == position)
    return db.session.scalar(stmt)


def submit(attempt: QuizAttempt, *, now=None) -> QuizAttempt:
    """Hand the attempt in: it takes no more answers and waits for the grading job (after
    the deadline too: the answers saved in time count). Twice changes nothing."""
    if attempt.submitted_at is None and attempt.closed_at is None:
        attempt.submitted_at = min(_now(now), attempt.deadline_at)
    return attempt


def close_attempt(attempt: QuizAttempt, *, now=None) -> QuizAttempt:
    """Grade and close: at submission, or at the deadline when it passed first (answers saved
    before it count). Closing twice changes nothing. The caller commits."""
    if attempt.closed_at is not None:
        return attempt
    attempt.closed_at = min(attempt.submitted_at or _now(now), attempt.deadline_at)
    for slot in attempt.slots:
        given = slot.answer["value"] if slot.answer else None
        slot.mark = grading.mark(slot.snapshot, slot.choice_order, given)
    marks = [slot.mark for slot in attempt.slots]
    attempt.score = round(100 * sum(marks) / len(marks), 2) if marks else 0.0
    return attempt


def due_ids(*, now=None) -> list[int]:
    """The attempts the grading job must close: handed in, or past their deadline."""
    now = _now(now)
    stmt = select(QuizAttempt.id).where(
        QuizAttempt.closed_at.is_(None),
        or_(QuizAttempt.submitted_at.is_not(None), QuizAttempt.deadline_at <= now),
    )
    return list(db.session.scalars(stmt.order_by(QuizAttempt.id)))


def seconds_left(attempt: QuizAttempt, *, now=None) -> int:
    """What the page's countdown starts from: seconds to the deadline while it is open."""
    now = _now(now)
    return max(int((attempt.deadline_at - now).total_seconds()), 0) if is_open(attempt, now) else 0


def attempt_view(attempt: QuizAttempt, *, now=None) -> dict:
    """What the person's browser gets of an attempt: the questions as shown, the answers
    given, the seconds left by the server's clock; no right answers, whatever the state."""
    now = _now(now)
    return {
        "attempt_no": attempt.attempt_no,
        "seconds_left": seconds_left(attempt, now=now),
        "is_open": is_open(attempt, now),
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
    its mark, the right answers, the right pairs of a matching question and the feedback of
    the answers chosen."""
    if attempt.closed_at is None:
        raise RuleViolation(_("Pembahasan tersedia setelah kuis ditutup."))
    return [_reviewed(slot) for slot in attempt.slots]


def _reviewed(slot: QuizSlot) -> dict:
    choices, kind = slot.snapshot["choices"], Kind(slot.snapshot["kind"])
    given = slot.answer["value"] if slot.answer else None
    matching = kind is Kind.MATCHING
    return {
        "position": slot.position,
        **grading.shown(slot.snapshot, slot.choice_order),
        "answer": given,
        "mark": slot.mark,
        "right": [] if matching else [c["text"] for c in choices if c["fraction"] > 0],
        "matches": [(c["text"], c["match_text"]) for c in choices] if matching else [],
        "feedback": grading.feedback_of(slot.snapshot, slot.choice_order, given),
        "general_feedback": slot.snapshot.get("general_feedback", ""),
    }


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
