"""The Celery tasks: run a job (late acknowledgement, retries with exponential back-off),
the scheduled jobs beat starts, and the clean-up of expired results."""

from __future__ import annotations

from celery import Celery
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from training.extensions import db
from training.jobs import runner
from training.jobs.kinds import KINDS
from training.jobs.services import create, start
from training.learning import quiz_grading
from training.standing.checkins import refresh_checked_in


def register(celery: Celery) -> None:
    @celery.task(
        name="presisi.run_job",
        shared=False,
        ignore_result=True,  # progress and outcome live in the job row
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        max_retries=None,  # counted against JOBS_MAX_RETRIES below
    )
    def run_job(self, job_id: int) -> None:
        # Messages in the default language (Indonesian), also when the job runs inside
        # the request of a user reading English: every reader sees the same text.
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            _attempt(self, job_id)

    @celery.task(
        name="presisi.scheduled",
        shared=False,
        ignore_result=True,
        acks_late=True,
        reject_on_worker_lost=True,
    )
    def scheduled(kind: str) -> int:
        """A job started by the schedule (no requester; admins see it): created and run here."""
        job = create(kind, {})
        db.session.commit()
        start(job)
        return job.id

    @celery.task(name="presisi.notifications", shared=False, ignore_result=True)
    def notifications() -> int:
        """Hourly: queue tomorrow's session reminders (each goes once) and the day's notices
        of units over the response-breach limit (once a day per unit), and send the outbox,
        so notification e-mails leave within the hour."""
        # imported by the task (like the job kinds), not when the queue is configured
        from training.certificates import outbox
        from training.notifications.breaches import notify_breaches
        from training.notifications.reminders import queue_day_before_reminders

        queued = queue_day_before_reminders()
        db.session.commit()
        queued += notify_breaches()
        db.session.commit()
        if outbox.mail_configured():
            outbox.send_outbox()
        return queued

    @celery.task(name="presisi.checkin_standing", shared=False, ignore_result=True)
    def checkin_standing() -> int:
        """Every minute: the course standing of everyone who checked in meanwhile, one
        refresh per course (a check-in request only records the mark)."""
        refreshed = refresh_checked_in()
        db.session.commit()
        return refreshed

    @celery.task(
        name="presisi.quiz_grade",
        shared=False,
        ignore_result=True,
        acks_late=True,
        reject_on_worker_lost=True,
    )
    def quiz_grade(attempt_id: int) -> None:
        """Grade one quiz attempt handed in (or out of time): score, levels, and for a
        post-test the assessment attempt, an online refresher's completion and standing."""
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            quiz_grading.grade(attempt_id)
            db.session.commit()

    @celery.task(name="presisi.quiz_due", shared=False, ignore_result=True)
    def quiz_due() -> int:
        """Every minute: grade the quiz attempts whose deadline passed (or handed in and
        not graded yet, e.g. the queue was down when they were)."""
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            graded = quiz_grading.grade_due()
            db.session.commit()
        return graded

    @celery.task(name="presisi.cleanup", shared=False, ignore_result=True)
    def cleanup() -> int:
        removed = runner.expire_results()
        db.session.commit()
        return removed


def _describe(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"[:200]


def _attempt(task, job_id: int) -> None:
    """Run the job; retry an unexpected error with exponential back-off, then fail it."""
    try:
        runner.run(job_id, KINDS)
    except Exception as exc:
        retries = task.request.retries
        if retries >= current_app.config["JOBS_MAX_RETRIES"]:
            current_app.logger.exception("job %s failed after %d retries", job_id, retries)
            runner.fail(job_id, _("Kesalahan tak terduga: %(e)s", e=_describe(exc)))
            return
        wait = current_app.config["JOBS_RETRY_BACKOFF"] * 2**retries
        runner.retrying(job_id, retries + 1, wait)
        raise task.retry(exc=exc, countdown=wait) from exc
