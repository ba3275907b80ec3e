"""Competency framework, course competencies with weights, assessment attempts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

if TYPE_CHECKING:
    from training.people.models import Person

#: Polri's assessment scale.
LEVELS = {1: "Kurang", 2: "Cukup", 3: "Baik", 4: "Baik Sekali", 5: "Istimewa"}


class Competency(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)


class CourseCompetency(db.Model):
    __table_args__ = (UniqueConstraint("course_id", "competency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"))
    weight: Mapped[int] = mapped_column(default=1)

    competency: Mapped[Competency] = relationship()


class AssessmentAttempt(db.Model):
    """One assessment of one person in one course; the latest attempt counts."""

    __table_args__ = (UniqueConstraint("person_id", "course_id", "attempt_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_session.id", ondelete="SET NULL")
    )
    #: 1 for the first assessment, 2 for the first reassessment, ...
    attempt_no: Mapped[int]
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
    #: Where the attempt came from: "grid" (the assessment grid), "drill" (a response drill)
    #: or "quiz" (a graded post-test, ``training.learning.quiz_grading``).
    source: Mapped[str] = mapped_column(String(16), default="grid", server_default="grid")

    person: Mapped[Person] = relationship()
    scores: Mapped[list[AssessmentScore]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )


class AssessmentScore(db.Model):
    __table_args__ = (UniqueConstraint("attempt_id", "competency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_attempt.id", ondelete="CASCADE"), index=True
    )
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"))
    #: 1 Kurang .. 5 Istimewa.
    level: Mapped[int]
    evidence: Mapped[str] = mapped_column(String(1000), default="")

    attempt: Mapped[AssessmentAttempt] = relationship(back_populates="scores")
