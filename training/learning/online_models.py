"""Online refreshers: a course offered online over a window of days (instead of a session)
to its target people in a unit's subtree, and each enrolled person's progress."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db
from training.policy.materials import use_online_enrolments
from training.standing.online import use_online_tables

if TYPE_CHECKING:
    from training.programs.models import Course
    from training.units.models import Unit


class OnlineOffering(db.Model):
    """The course, online from ``opens_on`` to ``closes_on`` (the deadline, inclusive, in
    the people's local days) for the course's target positions and levels under ``unit``."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id", ondelete="SET NULL"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship()
    unit: Mapped[Unit] = relationship()


class OnlineEnrolment(db.Model):
    __table_args__ = (UniqueConstraint("offering_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(
        ForeignKey("online_offering.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: When materials and a passed post-test were both found inside the window.
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    offering: Mapped[OnlineOffering] = relationship()


# Standing counts a completion as the course's attendance; the quiz and materials rules let
# the enrolled people in (both packages sit below learning and read these tables).
use_online_tables(OnlineOffering, OnlineEnrolment)
use_online_enrolments(OnlineOffering, OnlineEnrolment)
