"""A job: long work (bulk certificate files, large imports, snapshots, reminders) run by a
Celery worker, with its progress, result file and failure reason kept in the database so
that every web process reads the same state."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from training.core.types import UTCDateTime
from training.extensions import db


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: What to do: a key of training/jobs/kinds.py KINDS.
    kind: Mapped[str] = mapped_column(String(40), index=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Who asked (None: started by the schedule); only they and admins see the job.
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    #: The unit the work is limited to (None: the requester's whole scope or the nation).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(12), index=True, default=JobState.QUEUED)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    #: What the job is doing or did, for the page (Indonesian, already translated).
    message: Mapped[str] = mapped_column(String(300), default="")
    #: The result file (absolute path) and the name it is downloaded under.
    result_path: Mapped[str | None] = mapped_column(String(500))
    result_name: Mapped[str | None] = mapped_column(String(200))
    #: Why the job failed, for the requester (Indonesian).
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: After this the result file is deleted (the row stays, marked expired).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)
