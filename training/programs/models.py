"""Program, Cycle, Course and the record of admin overrides."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint, text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

if TYPE_CHECKING:
    from training.auth.models import User
    from training.units.models import Unit


class Program(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    #: Months between refresher cycles (each period is one cycle).
    refresher_months: Mapped[int] = mapped_column(default=6)
    #: Percentage of a region's tier-N target people who must have completed tier N
    #: before tier N+1 sessions may be scheduled under that region.
    cascade_threshold: Mapped[int] = mapped_column(default=80)
    is_active: Mapped[bool] = mapped_column(default=True)
    #: Participants may sign themselves up to open sessions of their own tier.
    self_signup: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    #: A self sign-up waits for the approval of a commander of the person's unit or above.
    signup_approval: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    #: Who signs this programme's certificates (printed as stored).
    signatory_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    signatory_rank: Mapped[str] = mapped_column(String(60), default="", server_default="")
    signatory_nrp: Mapped[str] = mapped_column(String(18), default="", server_default="")
    signatory_position: Mapped[str] = mapped_column(String(200), default="", server_default="")

    cycles: Mapped[list[Cycle]] = relationship(
        back_populates="program", order_by="Cycle.number", cascade="all, delete-orphan"
    )
    courses: Mapped[list[Course]] = relationship(
        back_populates="program", order_by="Course.tier", cascade="all, delete-orphan"
    )


class Cycle(db.Model):
    __table_args__ = (UniqueConstraint("program_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    number: Mapped[int]
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    program: Mapped[Program] = relationship(back_populates="cycles")


class Course(db.Model):
    """One tier of a programme: who it targets, what it assesses, how it is passed."""

    __table_args__ = (UniqueConstraint("program_id", "tier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    #: 1 = Polda level (kapolda), 2 = Polres (kapolres), 3 = Polsek (kapolsek).
    tier: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Position codes (people.ranks.Position) this course trains.
    target_positions: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Unit levels (polda/polres/polsek) whose people this course trains.
    target_levels: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Minimum share of sessions attended, in percent.
    min_attendance_pct: Mapped[int] = mapped_column(default=80)
    #: Pass rule: weighted average at least this level (1 Kurang .. 5 Istimewa) ...
    pass_min_average: Mapped[int] = mapped_column(default=3)
    #: ... and, when set, no competency assessed at Kurang.
    pass_no_kurang: Mapped[bool] = mapped_column(default=True)
    #: Check-in after start + grace minutes counts as Terlambat (late).
    late_grace_minutes: Mapped[int] = mapped_column(default=15)
    validity_months: Mapped[int] = mapped_column(default=12)
    #: Attendance statuses counted as excused (left out of the share), e.g. izin, sakit.
    excused_statuses: Mapped[list[str]] = mapped_column(
        JSON,
        default=lambda: ["izin", "sakit", "dinas_luar"],
        server_default=text('\'["izin", "sakit", "dinas_luar"]\''),
    )

    program: Mapped[Program] = relationship(back_populates="courses")


class OverrideRecord(db.Model):
    """An admin's recorded decision to bypass a rule (cascade gate, scheduling conflict)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "cascade" or "conflict".
    kind: Mapped[str] = mapped_column(String(20), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_session.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(Text)
    #: What was overridden, in words (the conflicts found, the completion share...).
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
    unit: Mapped[Unit | None] = relationship()
    course: Mapped[Course | None] = relationship()


class CourseStatusValue(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"


class CourseStatus(db.Model):
    """One row per person and course: the person's standing, kept current by the services
    that change attendance and assessments, so that the cascade gate, the trainer picker,
    certificates and readiness read one row instead of recomputing from raw rows."""

    __table_args__ = (UniqueConstraint("person_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), index=True)
    #: Day the course was completed (start of the certificate validity).
    completed_on: Mapped[date | None] = mapped_column(Date)
    #: Attendance share in percent (attended / counted sessions), None before any session.
    attendance_pct: Mapped[float | None]
    #: Weighted average level (1..5) of the latest assessment attempt, None before one.
    average_level: Mapped[float | None]
    #: Latest attempt meets the course's pass rule (None: not assessed yet).
    passed: Mapped[bool | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship()
