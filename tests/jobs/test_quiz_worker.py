"""Quiz grading on real Celery workers: a hand-in through the page is queued (the page does
not grade: "sedang dinilai" until a worker has), and beat's minute task grades an attempt
whose time ran out; a worker grading an online refresher's post-test records its completion
and the course standing follows."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.factories import PASSWORD, make_person, make_user
from tests.jobs.conftest import wait_for
from tests.quiz_factories import make_quiz_world, right_position
from training.assessments.models import AssessmentAttempt
from training.extensions import db
from training.learning import online, quiz_taking
from training.learning.models import QuizAttempt
from training.learning.online_models import OnlineEnrolment
from training.programs.models import CourseStatus


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


def test_a_worker_grading_an_online_refreshers_post_test_completes_it_and_its_standing(queue):
    world = make_quiz_world()
    kapolsek = make_person(
        world["tree"]["polsek_a"], full_name="Dedi Kapolsek", position="kapolsek"
    )
    make_user(username="dedi_daring", person=kapolsek)
    today = datetime.now(UTC).date()
    offering = online.create_offering(
        world["course"], world["tree"]["polres_a"], "", today, today + timedelta(days=7), actor=None
    )
    online.enrol_targets(offering, actor=None, only=[kapolsek.id])
    db.session.commit()
    offering_id = offering.id
    client = queue.app.test_client()
    client.post("/login", data={"username": "dedi_daring", "password": PASSWORD})
    started = client.post(f"/quiz/{world['post'].id}/start")  # no session: the refresher
    attempt_id = int(re.search(r"/quiz/attempts/(\d+)", started.location).group(1))
    attempt = db.session.get(QuizAttempt, attempt_id)
    form = {f"q{s.position}": str(right_position(s)) for s in attempt.slots}

    client.post(f"/quiz/attempts/{attempt_id}/submit", data=form)
    queue.start()
    wait_for(lambda: _graded(attempt_id), 90, "the grading of the refresher's post-test", queue)

    enrolment = db.session.scalar(
        select(OnlineEnrolment).where(OnlineEnrolment.offering_id == offering_id)
    )
    status = db.session.scalar(select(CourseStatus).where(CourseStatus.person_id == kapolsek.id))
    assert enrolment.completed_at == db.session.get(QuizAttempt, attempt_id).closed_at
    assert status.status == "completed"
