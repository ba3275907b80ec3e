"""Attendance marks per session and person, the sheet sign-off, absence warnings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db
from training.sessions.lifecycle import use_signoff_table

if TYPE_CHECKING:
    from training.auth.models import User
    from training.people.models import Person
    from training.programs.models import Course
    from training.sessions.models import TrainingSession


class AttendanceStatus(StrEnum):
    HADIR = "hadir"
    TERLAMBAT = "terlambat"
    IZIN = "izin"
    SAKIT = "sakit"
    DINAS_LUAR = "dinas_luar"
    CUTI = "cuti"
    ALPA = "alpa"


class CheckinMethod(StrEnum):
    ROLL_CALL = "roll_call"  # the trainer's sheet
    QR = "qr"  # scanned the projected QR code
    CODE = "code"  # typed the short code
    ADMIN = "admin"  # changed by an admin after sign-off


#: Marks participants made themselves: their standing is refreshed after the request
#: (training/standing/checkins.py), not by the check-in.
SELF_CHECKIN_METHODS = (CheckinMethod.QR.value, CheckinMethod.CODE.value)


class Attendance(db.Model):
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), index=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    #: When the person checked in themselves (QR or code); None for roll-call marks.
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    method: Mapped[str] = mapped_column(String(12))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    session: Mapped[TrainingSession] = relationship()
    person: Mapped[Person] = relationship()


class AttendanceSignoff(db.Model):
    """The trainer's sign-off of a session's sheet; afterwards only admins change it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), unique=True
    )
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())

    signed_by: Mapped[User] = relationship()


use_signoff_table(AttendanceSignoff)  # a session's stage reads its sign-off


class AbsenceWarning(db.Model):
    """A person fell below the course's minimum attendance; shown to trainer and commander."""

    __table_args__ = (UniqueConstraint("person_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    #: Attendance share (percent) when the warning was raised or last updated.
    attendance_pct: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: Set when the share is back at or above the minimum.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship()
    course: Mapped[Course] = relationship()
