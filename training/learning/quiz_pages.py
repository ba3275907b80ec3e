"""What the quiz pages show: a person's quizzes (home page, course page) with where they
stand in each, and the contexts of the attempt and review pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from training.assessments.models import LEVELS, Competency
from training.extensions import db
from training.learning import quiz
from training.learning.models import Quiz, QuizAttempt
from training.learning.quiz_bands import bands_of
from training.policy.materials import participant_course_ids, taking_part


@dataclass
class QuizState:
    """A quiz as one person stands in it."""

    quiz: Quiz
    used: int
    #: Their attempt not graded yet (open, or waiting for the grading job).
    current: QuizAttempt | None
    #: Their last graded attempt.
    last: QuizAttempt | None

    @property
    def may_start(self) -> bool:
        return self.current is None and self.used < self.quiz.max_attempts


def quiz_states(person_id: int | None, *, course_id: int | None = None) -> list[QuizState]:
    """The active quizzes of the courses the person takes part in (of ``course_id`` only
    when given; a quiz of one cycle only when they take part in the course in that cycle),
    post-tests after pre-tests, with the person's attempts (two statements)."""
    if person_id is None:
        return []
    mine = taking_part(person_id).subquery()
    my_cycles = select(mine.c.cycle_id).where(mine.c.course_id == Quiz.course_id)
    stmt = (
        select(Quiz)
        .where(
            Quiz.is_active.is_(True),
            Quiz.course_id.in_(participant_course_ids(person_id)),
            or_(Quiz.cycle_id.is_(None), Quiz.cycle_id.in_(my_cycles)),
        )
        .options(joinedload(Quiz.course))
        .order_by(Quiz.course_id, Quiz.kind.desc(), Quiz.id)
    )
    if course_id is not None:
        stmt = stmt.where(Quiz.course_id == course_id)
    quizzes = list(db.session.scalars(stmt))
    attempts: dict[int, list[QuizAttempt]] = {q.id: [] for q in quizzes}
    rows = db.session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.person_id == person_id, QuizAttempt.quiz_id.in_(list(attempts)))
        .order_by(QuizAttempt.attempt_no)
    )
    for attempt in rows:
        attempts[attempt.quiz_id].append(attempt)
    return [_state(q, attempts[q.id]) for q in quizzes]


def _state(quiz_row: Quiz, attempts: list[QuizAttempt]) -> QuizState:
    graded = [a for a in attempts if a.closed_at is not None]
    current = next((a for a in attempts if a.closed_at is None), None)
    return QuizState(quiz_row, len(attempts), current, graded[-1] if graded else None)


def attempt_context(attempt: QuizAttempt, *, now=None) -> dict:
    now = now or datetime.now(UTC)
    view = quiz.attempt_view(attempt, now=now)
    minutes, seconds = divmod(view["seconds_left"], 60)
    return {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "view": view,
        "clock": f"{minutes}:{seconds:02d}",
        "grading": quiz.awaits_grading(attempt, now),
    }


def level_rows(attempt: QuizAttempt) -> list[tuple[Competency, float, int]]:
    """(competency, score %, level) per competency of a graded attempt."""
    scores = quiz.competency_scores(attempt)
    levels = {int(k): v for k, v in (attempt.levels or {}).items()}
    competencies = db.session.scalars(select(Competency).where(Competency.id.in_(list(scores))))
    return [
        (c, scores[c.id], levels.get(c.id))
        for c in sorted(competencies, key=lambda c: (c.position, c.code))
    ]


def review_context(attempt: QuizAttempt) -> dict:
    return {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "items": quiz.attempt_review(attempt),
        "levels": level_rows(attempt),
        "level_names": LEVELS,
        "bands": bands_of(attempt.quiz.course_id),
    }
