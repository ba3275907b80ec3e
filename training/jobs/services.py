"""Start jobs and decide who sees them. Services never commit: ``start`` is called by the
view after it committed the new job (a worker must find the row)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from training.audit.services import record
from training.auth.models import User
from training.extensions import db
from training.jobs.models import Job, JobState
from training.jobs.runner import fail, now
from training.policy import rules

#: What the job page and the list call each kind.
KIND_LABELS = {
    "certificates_export": _l("Unduhan sertifikat massal"),
    "import": _l("Impor data"),
    "readiness_snapshot": _l("Snapshot kesiapan harian"),
    "reminders": _l("Pengingat masa berlaku sertifikat"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def create(kind: str, params: dict, *, user=None, unit_id: int | None = None) -> Job:
    """A queued job (audited when a user asked for it); the caller commits, then ``start``s."""
    job = Job(
        kind=kind,
        params=params,
        requested_by_id=getattr(user, "id", None),
        unit_id=unit_id,
        state=JobState.QUEUED,
        done=0,
        total=0,
        message=_("Menunggu giliran…"),
        attempts=0,
        created_at=now(),
    )
    db.session.add(job)
    db.session.flush()
    if user is not None:
        record("job", "start", user=user, entity_id=job.id, after={"kind": kind, **params})
    return job


def start(job: Job) -> None:
    """Hand the committed job to the queue (or run it here when there is no broker).

    A broker that does not answer marks the job failed, with the reason, and commits."""
    task = current_app.extensions["celery"].tasks["presisi.run_job"]
    job_id = job.id
    try:
        task.apply_async(args=(job_id,))
    except Exception:  # noqa: BLE001 - kombu raises several kinds for an unreachable broker
        current_app.logger.exception("job %s: queue unreachable", job_id)

        fail(job_id, _("Antrean pekerjaan tidak dapat dihubungi; coba lagi nanti."))


def grade_quiz_later(attempt_id: int) -> None:
    """Queue a quiz attempt's grading (in-process without a broker); an unreachable broker
    leaves it to the minute task, which grades every attempt handed in."""
    task = current_app.extensions["celery"].tasks["presisi.quiz_grade"]
    try:
        task.apply_async(args=(attempt_id,))
    except Exception:  # noqa: BLE001 - kombu raises several kinds for an unreachable broker
        current_app.logger.exception("quiz attempt %s: queue unreachable", attempt_id)


def visible_to(user, job: Job) -> bool:
    """Only the requester, and admins, see a job and its result."""
    return rules.SEE_ALL_JOBS(user) or (
        job.requested_by_id is not None and job.requested_by_id == user.id
    )


def jobs_query() -> Select:
    """Every job, newest first."""
    return select(Job).order_by(Job.id.desc())


def jobs_of(user, *, everyone: bool = False, limit: int = 100) -> list[Job]:
    """The user's jobs, newest first (admins with ``everyone``: all jobs)."""
    stmt = select(Job).order_by(Job.id.desc()).limit(limit)
    if not (everyone and rules.SEE_ALL_JOBS(user)):
        stmt = stmt.where(Job.requested_by_id == user.id)
    return list(db.session.scalars(stmt))


def requesters(jobs: list[Job]) -> dict[int, str]:
    """Username of each job's requester (one statement), for the list of everyone's jobs."""
    ids = {job.requested_by_id for job in jobs if job.requested_by_id is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.username).where(User.id.in_(ids))).all())


def downloadable(job: Job) -> bool:
    return (
        job.state == JobState.DONE
        and job.result_path is not None
        and (job.expires_at is None or job.expires_at > now())
    )
