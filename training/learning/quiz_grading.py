"""Grading a quiz attempt, the job's work: close it (``quiz.close_attempt``), turn its score
per competency into levels by the course's bands and, for a post-test, record them as an
assessment attempt of the course (source "quiz"): the person's latest levels with those the
quiz measured replaced, so standing, certificates and readiness use them. A passed post-test
that was the last step of an online refresher records its completion
(``online.finish_if_done``), which counts as the course's attendance in standing.

A pre-test is graded and keeps its levels on the quiz attempt (the review page shows them,
the learning gain compares them) but records no assessment attempt: every query of standing,
certificates and readiness reads the latest assessment attempt, so a pre-test taken before the
course would decide a level it only measured as a starting point.

Pages never grade: they hand the attempt id to the queue (``request_grading``, the hook the
job package registers at app start; without a broker the task runs in-process). Services
never commit; the job does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select

from training.assessments import queries
from training.assessments.grid import refresh
from training.assessments.models import AssessmentAttempt, AssessmentScore
from training.audit.services import record
from training.extensions import db
from training.learning import online, quiz
from training.learning.models import QuizAttempt
from training.learning.quiz_bands import bands_of
from training.people.models import Person

#: The assessment attempt source of a graded post-test (AssessmentAttempt.source).
QUIZ_SOURCE = "quiz"

_queue: list[Callable[[int], None]] = []


def use_queue(enqueue: Callable[[int], None]) -> None:
    """Called by the job package at app start: ``enqueue(attempt_id)`` queues the grading."""
    _queue[:] = [enqueue]


def request_grading(attempt: QuizAttempt) -> None:
    """Queue the grading of a committed attempt (handed in or out of time)."""
    if not _queue:
        raise RuntimeError("no grading queue: training.jobs.init_app registers it")
    _queue[0](attempt.id)


def _locked(attempt_id: int) -> QuizAttempt | None:
    """The attempt, its row locked on PostgreSQL (two graders at once: one grades)."""
    stmt = select(QuizAttempt).where(QuizAttempt.id == attempt_id)
    if db.session.get_bind().dialect.name != "sqlite":
        stmt = stmt.with_for_update()
    return db.session.scalar(stmt)


def grade(attempt_id: int, *, now: datetime | None = None) -> QuizAttempt | None:
    """Grade the attempt if it is due (handed in or past its deadline) and not graded yet;
    anything else is left as it is (a repeated or early request changes nothing)."""
    now = now or datetime.now(UTC)
    attempt = _locked(attempt_id)
    if attempt is None or attempt.closed_at is not None or quiz.is_open(attempt, now):
        return attempt
    quiz.close_attempt(attempt, now=now)
    bands = bands_of(attempt.quiz.course_id)
    levels = {cid: bands.level(s) for cid, s in quiz.competency_scores(attempt).items()}
    attempt.levels = {str(cid): level for cid, level in levels.items()}
    course_id = attempt.quiz.course_id
    after = {"kind": attempt.quiz.kind, "score": attempt.score, "levels": attempt.levels}
    record(
        "quiz_attempt",
        "grade",
        entity_id=attempt.id,
        person_id=attempt.person_id,
        course_id=course_id,
        after=after,
        now=now,
    )
    if attempt.quiz.is_post and levels:
        _record_assessment(attempt, levels, now)
    if attempt.quiz.is_post:
        db.session.flush()
        person = db.session.get(Person, attempt.person_id)
        online.finish_if_done(attempt.quiz.course, person, at=attempt.closed_at, now=now)
    db.session.flush()
    return attempt


def grade_due(*, now: datetime | None = None) -> int:
    """Grade every attempt handed in or past its deadline (the minute job); how many."""
    ids = quiz.due_ids(now=now)
    for attempt_id in ids:
        grade(attempt_id, now=now)
    return len(ids)


def evidence_of(attempt: QuizAttempt, score: float) -> str:
    """The evidence stored with a competency's score (data, in Indonesian)."""
    return f"{attempt.quiz.title} (percobaan {attempt.attempt_no}): nilai {score:g}%"


def _record_assessment(attempt: QuizAttempt, levels: dict[int, int], now) -> None:
    course, pid = attempt.quiz.course, attempt.person_id
    before = queries.latest_attempts(course.id, [pid]).get(pid)
    merged = dict(before.levels) if before else {}
    evidence = dict(before.evidence) if before else {}
    for cid, score in quiz.competency_scores(attempt).items():
        merged[cid], evidence[cid] = levels[cid], evidence_of(attempt, score)
    assessment = AssessmentAttempt(
        person_id=pid,
        course_id=course.id,
        attempt_no=(before.attempt_no if before else 0) + 1,
        assessed_at=now,
        note=f"Post-test #{attempt.id}",
        source=QUIZ_SOURCE,
        scores=[
            AssessmentScore(competency_id=cid, level=lv, evidence=evidence.get(cid, ""))
            for cid, lv in merged.items()
        ],
    )
    db.session.add(assessment)
    db.session.flush()
    record(
        "assessment",
        "create",
        entity_id=assessment.id,
        person_id=pid,
        course_id=course.id,
        before={"attempt_no": before.attempt_no} if before else None,
        after={"attempt_no": assessment.attempt_no, "source": QUIZ_SOURCE, "quiz": attempt.id},
        now=now,
    )
    refresh(course, [pid], None, now)
