"""A participant taking a quiz, audited: start (or resume), the answers as given (one from
the page's script, all of the form without script), and handing in. The quiz rules are in
``quiz``; the grading is the job's (``quiz_grading``). Services never commit."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from training.audit.services import record
from training.extensions import db
from training.learning import quiz
from training.learning.bankdata import Kind
from training.learning.models import Quiz, QuizAttempt


def _audit(attempt: QuizAttempt, action: str, user, now, **after) -> None:
    record(
        "quiz_attempt",
        action,
        user=user,
        entity_id=attempt.id,
        person_id=attempt.person_id,
        course_id=attempt.quiz.course_id,
        after={"quiz": attempt.quiz_id, "attempt_no": attempt.attempt_no, **after},
        now=now,
    )


def begin(quiz_row: Quiz, person, user, *, now=None) -> QuizAttempt:
    """The person's attempt not graded yet, else a new one (audited when new)."""
    now = now or datetime.now(UTC)
    known = db.session.scalar(
        select(QuizAttempt.id).where(
            QuizAttempt.quiz_id == quiz_row.id,
            QuizAttempt.person_id == person.id,
            QuizAttempt.closed_at.is_(None),
        )
    )
    attempt = quiz.start_attempt(quiz_row, person, now=now)
    if known is None:
        _audit(attempt, "start", user, now, deadline_at=attempt.deadline_at.isoformat())
    return attempt


def hand_in(attempt: QuizAttempt, user, *, now=None) -> None:
    now = now or datetime.now(UTC)
    if attempt.submitted_at is None and attempt.closed_at is None:
        quiz.submit(attempt, now=now)
        _audit(attempt, "submit", user, now)


def form_answers(attempt: QuizAttempt, form) -> dict[int, object]:
    """The answers of the no-script form (``form`` a MultiDict), per position; questions
    left blank are left out (a saved answer stays)."""
    found = {}
    for slot in attempt.slots:
        name, kind = f"q{slot.position}", Kind(slot.snapshot["kind"])
        if kind is Kind.MULTIPLE:
            value = [int(v) for v in form.getlist(name) if v.isdigit()]
        elif kind is Kind.SHORT:
            value = form.get(name, "").strip()
        elif kind is Kind.MATCHING:
            value = {
                str(i): form[f"{name}-{i}"]
                for i in range(len(slot.choice_order))
                if form.get(f"{name}-{i}")
            }
        else:
            raw = form.get(name, "")
            value = int(raw) if raw.isdigit() and len(raw) < 4 else None
        if value not in (None, "", [], {}):
            found[slot.position] = value
    return found


def answer_all(attempt: QuizAttempt, answers: dict[int, object], user, *, now=None) -> int:
    """Keep the answers (position → value) that changed, one audit entry for them; how
    many were kept. Refused as a whole when one is (out of time, not an answer...). One
    answer (the page's script) reads only its own question."""
    now = now or datetime.now(UTC)
    if len(answers) == 1:
        slots = [quiz.slot_at(attempt, position) for position in answers]
    else:
        slots = attempt.slots
    by_position = {s.position: s for s in slots if s is not None}
    given = {p: (s.answer or {}).get("value") for p, s in by_position.items()}
    changed = [p for p, v in answers.items() if given.get(p) != v]
    for position in changed:
        slot = by_position.get(position)
        quiz.save_answer(attempt, position, answers[position], now=now, slot=slot)
    if changed:
        _audit(attempt, "save_answer", user, now, question_no=[p + 1 for p in sorted(changed)])
    return len(changed)
