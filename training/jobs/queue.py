"""The Celery application of one Flask app: Redis as broker and result store, late
acknowledgement, and the beat schedule; without a broker, tasks run in-process (eager).

A worker runs ``celery -A worker worker``, beat ``celery -A worker beat`` (``worker.py``
beside ``app.py``; README "Jobs"). Every task runs inside the Flask app context.
"""

from __future__ import annotations

from datetime import timedelta

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask, current_app, has_app_context


def make_celery(app: Flask) -> Celery:
    """A Celery app configured from ``app.config``; kept in ``app.extensions["celery"]``."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            if has_app_context() and current_app._get_current_object() is app:
                return self.run(*args, **kwargs)  # eager, inside the request that started it
            with app.app_context():
                return self.run(*args, **kwargs)

    config = app.config
    broker = (config.get("JOBS_BROKER_URL") or "").strip()
    transport = {
        "visibility_timeout": config["JOBS_VISIBILITY_TIMEOUT"],
        "unacked_restore_interval": config["JOBS_RESTORE_SECONDS"],
        "unacked_restore_throttle": 1,  # sweep every JOBS_RESTORE_SECONDS
        "socket_timeout": 10,
        "socket_connect_timeout": 3,
    }
    celery = Celery(app.import_name, task_cls=FlaskTask, set_as_current=False)
    celery.conf.update(
        broker_url=broker or "memory://localhost/",
        result_backend=broker or None,
        result_expires=timedelta(days=1),
        task_always_eager=not broker,
        task_eager_propagates=False,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=3,
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5},
        task_default_queue="presisi",
        timezone=config["BABEL_DEFAULT_TIMEZONE"],
        beat_schedule=beat_schedule(config),
    )
    return celery


def beat_schedule(config) -> dict:
    """Daily readiness snapshot, daily reminders, hourly clean-up of expired results, hourly
    notifications (tomorrow's session reminders, then the outbox), and every minute the
    course standing of the people who checked themselves in and the grading of the quiz
    attempts whose time ran out."""
    every = config.get("JOBS_BEAT_SECONDS")
    snapshot = every or crontab(hour=config["JOBS_SNAPSHOT_HOUR"], minute=0)
    reminders = every or crontab(hour=config["JOBS_REMINDERS_HOUR"], minute=0)
    return {
        "readiness-snapshot": {
            "task": "presisi.scheduled",
            "schedule": snapshot,
            "args": ("readiness_snapshot",),
        },
        "reminders": {"task": "presisi.scheduled", "schedule": reminders, "args": ("reminders",)},
        "expired-results": {"task": "presisi.cleanup", "schedule": every or 3600.0},
        "notifications": {"task": "presisi.notifications", "schedule": every or crontab(minute=5)},
        "checkin-standing": {
            "task": "presisi.checkin_standing",
            "schedule": every or config["JOBS_CHECKIN_STANDING_SECONDS"],
        },
        "quiz-due": {"task": "presisi.quiz_due", "schedule": every or config["JOBS_QUIZ_SECONDS"]},
    }
