"""What the database holds after the quiz load run (bench/load_quiz.py): waits for the
graders to close every attempt handed in, then compares the stored answers with the ones
the server confirmed to the clients, one by one."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, func, select

from bench.load_quiz_data import QuizWorld
from bench.load_quiz_flow import Taken
from training.assessments.models import AssessmentAttempt
from training.audit.models import AuditEntry
from training.learning.models import Quiz, QuizAttempt, QuizSlot


def _wait_for_grading(conn, quiz_id: int, seconds: float) -> float | None:
    """Seconds until no attempt handed in waits for its grade (None: not within)."""
    started = time.monotonic()
    waiting = select(func.count()).where(
        QuizAttempt.quiz_id == quiz_id,
        QuizAttempt.submitted_at.is_not(None),
        QuizAttempt.closed_at.is_(None),
    )
    while time.monotonic() - started < seconds:
        if conn.execute(waiting).scalar_one() == 0:
            return round(time.monotonic() - started, 1)
        conn.rollback()
        time.sleep(1)
    return None


def verify(url: str, world: QuizWorld, taken: list[Taken], wait_seconds: float) -> dict:
    engine = create_engine(url)
    with engine.connect() as conn:
        done_after = _wait_for_grading(conn, world.post_quiz, wait_seconds)
        attempts = conn.execute(
            select(
                QuizAttempt.id,
                QuizAttempt.person_id,
                QuizAttempt.submitted_at.is_not(None),
                QuizAttempt.closed_at.is_not(None) & QuizAttempt.score.is_not(None),
            ).where(QuizAttempt.quiz_id == world.post_quiz)
        ).all()
        ids = [row[0] for row in attempts]
        stored = {
            (attempt_id, position): answer["value"]
            for attempt_id, position, answer in conn.execute(
                select(QuizSlot.attempt_id, QuizSlot.position, QuizSlot.answer).where(
                    QuizSlot.attempt_id.in_(ids), QuizSlot.answer.is_not(None)
                )
            )
        }
        audited = conn.execute(
            select(func.count()).where(
                AuditEntry.entity == "quiz_attempt",
                AuditEntry.action == "save_answer",
                AuditEntry.entity_id.in_(ids),
            )
        ).scalar_one()
        course_id = select(Quiz.course_id).where(Quiz.id == world.post_quiz).scalar_subquery()
        assessments = conn.execute(
            select(func.count(func.distinct(AssessmentAttempt.person_id))).where(
                AssessmentAttempt.course_id == course_id, AssessmentAttempt.source == "quiz"
            )
        ).scalar_one()
    engine.dispose()
    sent = {(t.attempt_id, position): value for t in taken for position, value in t.answers.items()}
    lost = [key for key, value in sent.items() if stored.get(key, ...) != value]
    return {
        "attempts": len(attempts),
        "people": len({row[1] for row in attempts}),
        "submitted": sum(bool(row[2]) for row in attempts),
        "graded": sum(bool(row[3]) for row in attempts),
        "grading_done_after_s": done_after,
        "stored": len(stored),
        "confirmed": len(sent),
        "lost": len(lost),
        "lost_examples": [list(key) for key in lost[:5]],
        "stored_unconfirmed": len(set(stored) - set(sent)),
        "audited": audited,
        "assessments": assessments,
    }
