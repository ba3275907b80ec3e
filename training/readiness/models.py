"""Readiness: per-programme thresholds, daily snapshots and the report sign-off chain."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

if TYPE_CHECKING:
    from training.auth.models import User
    from training.programs.models import Cycle, Program
    from training.units.models import Unit


class ReadinessStatus(StrEnum):
    READY = "siap"
    PARTIAL = "sebagian"
    NOT_READY = "belum_siap"


class ReadinessThresholds(db.Model):
    """Per programme: what Siap and Sebagian mean (one row per programme, created on demand)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), unique=True
    )
    #: Siap: at least this share (%) of target personnel hold a current certificate ...
    ready_certified_pct: Mapped[int] = mapped_column(default=80)
    #: ... at least this share (%) of the active official accounts are verified ...
    ready_accounts_pct: Mapped[int] = mapped_column(default=100)
    #: ... average competency level at least this (1..5, one decimal) ...
    ready_min_level: Mapped[float] = mapped_column(default=3.0)
    #: ... attendance share at least this (%) ...
    ready_attendance_pct: Mapped[int] = mapped_column(default=80)
    #: ... and (when set) the commander holds a current certificate.
    ready_requires_commander: Mapped[bool] = mapped_column(default=True)
    #: Sebagian: at least this share (%) certified; below it the unit is Belum siap.
    partial_certified_pct: Mapped[int] = mapped_column(default=50)
    #: Certificates ending within this many days count as "expiring soon".
    expiring_days: Mapped[int] = mapped_column(default=60)

    program: Mapped[Program] = relationship()


class ReadinessSnapshot(db.Model):
    """One unit's readiness figures on one day (own and whole subtree), for trend lines."""

    __table_args__ = (UniqueConstraint("program_id", "unit_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12))
    #: Subtree figures (the unit and every unit below it).
    targets: Mapped[int] = mapped_column(default=0)
    certified: Mapped[int] = mapped_column(default=0)
    certified_pct: Mapped[float | None]
    commanders: Mapped[int] = mapped_column(default=0)
    commanders_certified: Mapped[int] = mapped_column(default=0)
    accounts: Mapped[int] = mapped_column(default=0)
    accounts_verified: Mapped[int] = mapped_column(default=0)
    average_level: Mapped[float | None]
    attendance_pct: Mapped[float | None]
    expiring: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReportState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # by the Polres, waiting for the Polda
    RETURNED = "returned"  # sent back (by the Polda or HQ) with a reason
    POLDA_VERIFIED = "polda_verified"  # waiting for HQ
    VERIFIED = "verified"  # verified by HQ: final


class ReadinessReport(db.Model):
    """A Polres's periodic readiness report for one cycle, moving up the sign-off chain."""

    __table_args__ = (UniqueConstraint("cycle_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default=ReportState.DRAFT, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    #: The unit's readiness figures frozen when the report was (last) submitted.
    figures: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    cycle: Mapped[Cycle] = relationship()
    unit: Mapped[Unit] = relationship()
    steps: Mapped[list[ReportStep]] = relationship(
        back_populates="report", order_by="ReportStep.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[ReportAttachment]] = relationship(
        back_populates="report", order_by="ReportAttachment.id", cascade="all, delete-orphan"
    )


class ReportStep(db.Model):
    """One step of the chain: submit, verify (Polda / HQ) or return, with who, when and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("readiness_report.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    #: "submit", "verify_polda", "verify_hq", "return".
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    #: The submitter's note or the reason for returning.
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    report: Mapped[ReadinessReport] = relationship(back_populates="steps")
    user: Mapped[User] = relationship()


class ReportAttachment(db.Model):
    """Evidence attached to a report (PDF or image), kept in the database with the report."""

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("readiness_report.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    report: Mapped[ReadinessReport] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User] = relationship()
