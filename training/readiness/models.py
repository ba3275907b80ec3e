"""Readiness: per-programme thresholds and daily snapshots of the figures."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Date, ForeignKey, LargeBinary, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

if TYPE_CHECKING:
    from training.programs.models import Program


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
    #: Response criteria (training.readiness.outcome), over the aduan received by the unit's
    #: subtree in the last ``response_window_days`` days; null or 0: the criterion is off.
    #: Siap: at least this share (%) of the aduan answered ...
    ready_answered_pct: Mapped[int | None]
    #: ... and their 90th-percentile time to first response at most this (minutes).
    ready_p90_minutes: Mapped[int | None]
    response_window_days: Mapped[int] = mapped_column(default=30)

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
    #: The subtree's aduan over the programme's response window up to the day: received,
    #: answered, the p90 of the time to first response (seconds); and the refresher flag.
    aduan: Mapped[int] = mapped_column(default=0, server_default="0")
    aduan_answered: Mapped[int] = mapped_column(default=0, server_default="0")
    aduan_p90_seconds: Mapped[int | None]
    refresher: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReadinessVersion(db.Model):
    """One row: the readiness data version, bumped by every commit that changes what the
    roll-up reads (training.readiness.version). ``token`` tells databases apart (a process
    memo never mistakes version 3 of one database for version 3 of another)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class ReadinessCache(db.Model):
    """The national roll-up of a programme on a day, as computed from data version
    ``version`` (training.readiness.kept); any viewer's subtree is cut from it."""

    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
