"""Run one job: mark it running, call its kind, keep its progress, store its result.

Running is idempotent: a job whose message is delivered again (a worker died before it
acknowledged) starts over and writes the same result file again; a job already done or
failed is left alone. Progress is written to the job row through a connection of its own,
so every web process sees it while the work goes on in the worker's transaction.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from training.extensions import db
from training.jobs.models import Job, JobState


class JobFailed(Exception):
    """A failure the requester can act on; the message (Indonesian) is shown as the reason."""


@dataclass
class Outcome:
    message: str
    #: The result file, written by the kind through ``result_file``; None: no file.
    path: str | None = None
    name: str | None = None


def now() -> datetime:
    return datetime.now(UTC)


def result_dir() -> Path:
    folder = Path(
        current_app.config.get("JOBS_RESULT_DIR") or os.path.join(current_app.instance_path, "jobs")
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def result_file(job: Job, suffix: str, write: Callable[[object], None]) -> str:
    """Write the job's result through ``write(handle)`` to a private part file, then move
    it into place: a reader sees the whole file or none, and a re-run replaces it."""
    final = result_dir() / f"job-{job.id}.{suffix}"
    part = final.with_name(f"{final.name}.{os.getpid()}.part")
    with open(part, "wb") as handle:
        write(handle)
    os.replace(part, final)
    return str(final)


class Progress:
    """``progress(done, total, message)``: written at most every ``every`` seconds."""

    def __init__(self, job_id: int, every: float = 0.3) -> None:
        self.job_id, self.every, self.last = job_id, every, 0.0
        self.done = self.total = 0

    def __call__(self, done: int, total: int | None = None, message: str | None = None):
        self.done, self.total = done, self.total if total is None else total
        if message is None and time.monotonic() - self.last < self.every:
            return
        self.last = time.monotonic()
        values = {"done": done}
        if total is not None:
            values["total"] = total
        if message is not None:
            values["message"] = message[:300]
        with db.engine.begin() as connection:
            connection.execute(update(Job).where(Job.id == self.job_id).values(**values))


def run(job_id: int, kinds: dict[str, Callable]) -> None:
    """Run the job (see the module docstring); unexpected errors propagate (retried)."""
    job = db.session.get(Job, job_id)
    if job is None or job.finished:
        return
    job.state, job.started_at, job.attempts = JobState.RUNNING, now(), job.attempts + 1
    job.done, job.error, job.message = 0, None, _("Sedang dikerjakan…")
    db.session.commit()
    progress = Progress(job_id)
    try:
        outcome = kinds[job.kind](job, progress)
    except JobFailed as exc:
        db.session.rollback()
        fail(job_id, str(exc))
        return
    finish(db.session.get(Job, job_id), outcome, progress)
    db.session.commit()


def finish(job: Job, outcome: Outcome, progress: Progress) -> None:
    """Mark ``job`` done with ``outcome`` (the caller commits, with the kind's writes)."""
    job.state, job.finished_at, job.message = JobState.DONE, now(), outcome.message[:300]
    job.done = job.total = max(progress.done, progress.total)
    job.result_path, job.result_name = outcome.path, outcome.name
    if outcome.path:
        job.expires_at = job.finished_at + timedelta(days=current_app.config["JOBS_RESULT_DAYS"])


def fail(job_id: int, reason: str) -> None:
    """Mark the job failed with ``reason`` (committed at once)."""
    db.session.rollback()
    job = db.session.get(Job, job_id)
    if job is None:
        return
    job.state, job.finished_at, job.error = JobState.FAILED, now(), reason
    job.message = _("Gagal")
    db.session.commit()


def retrying(job_id: int, attempt: int, wait: float) -> None:
    """Say on the job's page that it failed unexpectedly and will be tried again."""
    db.session.rollback()
    message = _(
        "Terjadi gangguan; dicoba lagi dalam %(s)d detik (percobaan %(n)d).",
        s=int(wait),
        n=attempt + 1,
    )
    with db.engine.begin() as connection:
        connection.execute(
            update(Job).where(Job.id == job_id).values(state=JobState.QUEUED, message=message)
        )


def expire_results(at: datetime | None = None) -> int:
    """Delete result files past their expiry; the rows stay (their page says expired)."""
    at = at or now()
    jobs = db.session.scalars(
        db.select(Job).where(Job.expires_at <= at, Job.result_path.is_not(None))
    ).all()
    for job in jobs:
        Path(job.result_path).unlink(missing_ok=True)
        job.result_path = None
    return len(jobs)
