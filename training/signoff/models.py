"""Readiness reports moving up the sign-off chain, their steps and attachments."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

if TYPE_CHECKING:
    from training.auth.models import User
    from training.programs.models import Cycle
    from training.units.models import Unit


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
