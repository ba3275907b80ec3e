"""AuditEntry: who changed what, when, with the values before and after."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from training.core.types import UTCDateTime
from training.extensions import db


class AuditEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: Who made the change; None for the system (e.g. a recomputed course status).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    #: What changed: "attendance", "session", "user"... (see ``training.audit.labels``).
    entity: Mapped[str] = mapped_column(String(30), index=True)
    entity_id: Mapped[int | None]
    #: "create", "update", "delete", "sign_off", "reopen"...
    action: Mapped[str] = mapped_column(String(20))
    session_id: Mapped[int | None] = mapped_column(index=True)
    person_id: Mapped[int | None] = mapped_column(index=True)
    course_id: Mapped[int | None] = mapped_column(index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(500), default="")
