"""Enrollment: one person in one session, enrolled or waiting.

The session's roster; the rules of enrolling (capacity, waitlist) are ``training.enrolment``.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db
from training.policy.sessions import use_enrolments

if TYPE_CHECKING:
    from training.people.models import Person
    from training.sessions.models import TrainingSession


class EnrollmentStatus(StrEnum):
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    #: Self sign-up waiting for the commander's approval (holds no seat).
    PENDING = "pending"
    #: Self sign-up the commander refused (kept for history).
    REFUSED = "refused"


class Enrollment(db.Model):
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), index=True)
    #: Order on the waitlist (smaller first); set when the person starts waiting.
    waitlist_rank: Mapped[int | None]
    enrolled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    session: Mapped[TrainingSession] = relationship(back_populates="enrollments")
    person: Mapped[Person] = relationship()


#: who sees which session in the calendars reads the active enrolments
use_enrolments(Enrollment, (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED))
