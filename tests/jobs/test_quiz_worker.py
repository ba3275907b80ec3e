"""Quiz grading on real Celery workers: a hand-in through the page is queued (the page does
not grade: "sedang dinilai" until a worker has), and beat's minute task grades an attempt
whose time ran out."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.factories import PASSWORD
from tests.jobs.conftest import wait_for
from tests.quiz_factories import make_quiz_world, right_position
from training.assessments.models import AssessmentAttempt
from training.extensions import db
from training.learning import quiz_taking
from training.learning.models import QuizAttempt


def _graded(attempt_id: int):
    attempt = db.session.get(QuizAttempt, attempt_id)
    return attempt if attempt is not None and attempt.closed_at is not None else None


def test_a_hand_in_is_graded_by_a_worker_and_the_page_waits_for_it(queue):
    world = make_quiz_world()
    client = queue.app.test_client()
    client.post("/login", data={"username": "rina_kuis", "password": PASSWORD})
    started = client.post(f"/quiz/{world['post'].id}/start")
    attempt_id = int(re.search(r"/quiz/attempts/(\d+)", started.location).group(1))
    attempt = db.session.get(QuizAttempt, attempt_id)
    form = {f"q{s.position}": str(right_position(s)) for s in attempt.slots}

    client.post(f"/quiz/attempts/{attempt_id}/submit", data=form)  # queued, no worker yet
    waiting = client.get(f"/quiz/attempts/{attempt_id}")
    assert waiting.status_code == 200 and "Sedang dinilai" in waiting.text
    db.session.rollback()
    assert db.session.get(QuizAttempt, attempt_id).closed_at is None

    queue.start()
    graded = wait_for(lambda: _graded(attempt_id), 90, "the grading of the hand-in", queue)
    assert graded.score == 100.0
    source = db.session.scalar(
        select(AssessmentAttempt.source).where(AssessmentAttempt.person_id == graded.person_id)
    )
    assert source == "quiz"
    review = client.get(f"/quiz/attempts/{attempt_id}")
    assert review.location.endswith(f"/quiz/attempts/{attempt_id}/review")


def test_beat_grades_an_attempt_whose_time_ran_out(queue):
    world = make_quiz_world(time_limit_minutes=1)
    started = datetime.now(UTC) - timedelta(minutes=2)
    attempt = quiz_taking.begin(world["pre"], world["people"]["agus"], None, now=started)
    db.session.commit()
    attempt_id = attempt.id
    beat = {"JOBS_BEAT_SECONDS": 2}
    queue.start(**beat)
    queue.start(role="beat", name="beat", **beat)

    graded = wait_for(lambda: _graded(attempt_id), 90, "the expired attempt graded by beat", queue)

    assert (graded.score, graded.closed_at) == (0.0, graded.deadline_at)
