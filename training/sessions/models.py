"""SessionSeries (a recurrence rule), TrainingSession (one occurrence), SessionTrainer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db
from training.policy.sessions import use_tables

if TYPE_CHECKING:
    from training.auth.models import User
    from training.people.models import Person
    from training.programs.models import Course, Cycle
    from training.sessions.enrollments import Enrollment
    from training.units.models import Unit


class SessionStatus(StrEnum):
    DRAFT = "draft"  # proposed by the cycle planner, not yet published
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class SessionSeries(db.Model):
    """A recurring series; its occurrences are TrainingSession rows (materialised)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    #: RFC 5545 RRULE text without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8".
    rrule: Mapped[str] = mapped_column(String(500))
    #: First occurrence's local wall-clock start in ``timezone`` (naive), the DTSTART.
    dtstart_local: Mapped[datetime]
    duration_minutes: Mapped[int]
    timezone: Mapped[str] = mapped_column(String(40))
    #: Excluded local dates ("2026-03-10"), the EXDATEs.
    exdates: Mapped[list[str]] = mapped_column(JSON, default=list)
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    sessions: Mapped[list[TrainingSession]] = relationship(
        back_populates="series", order_by="TrainingSession.starts_at"
    )


class TrainingSession(db.Model):
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id"), index=True)
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_series.id", ondelete="SET NULL"), index=True
    )
    #: For occurrences of a series: the occurrence's original start (iCal RECURRENCE-ID).
    recurrence_id: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: True once this occurrence was edited on its own; series edits then leave it alone.
    is_detached: Mapped[bool] = mapped_column(default=False)
    title: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: The unit hosting the session; its time zone is the session's local time.
    venue_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    venue: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int] = mapped_column(default=30)
    #: Audience: people in this unit's subtree holding one of these positions.
    audience_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    audience_positions: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default=SessionStatus.SCHEDULED, index=True)
    #: iCalendar SEQUENCE: bumped on every reschedule or cancellation.
    sequence: Mapped[int] = mapped_column(default=0)
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship()
    cycle: Mapped[Cycle | None] = relationship()
    series: Mapped[SessionSeries | None] = relationship(back_populates="sessions")
    venue_unit: Mapped[Unit] = relationship(foreign_keys=[venue_unit_id])
    audience_unit: Mapped[Unit | None] = relationship(foreign_keys=[audience_unit_id])
    trainers: Mapped[list[SessionTrainer]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )
    enrollments: Mapped[list[Enrollment]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class SessionTrainer(db.Model):
    """A trainer of a session: a trainer account, or a person certified in the tier above."""

    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (person_id IS NULL)", name="user_or_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)

    session: Mapped[TrainingSession] = relationship(back_populates="trainers")
    user: Mapped[User | None] = relationship()
    person: Mapped[Person | None] = relationship()


use_tables(TrainingSession, SessionTrainer)  # the session rules read these two tables
