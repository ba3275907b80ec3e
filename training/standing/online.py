"""Online refresher completions as course standing reads them.

A completed online enrolment (``training.learning.online``: every module done and a post-test
passed inside the offering's window) counts as the course's attendance requirement for that
person. ``learning`` sits above ``standing`` in layer 5 and standing never imports it: the
learning models hand their two tables over when they are defined (``use_online_tables``),
like the session tables are handed to ``policy.sessions``. Without them (a build that never
loaded learning) nobody has an online completion.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from training.extensions import db
from training.units.models import Unit


class _Tables:
    offering = None  # training.learning.online_models.OnlineOffering
    enrolment = None  # training.learning.online_models.OnlineEnrolment


def use_online_tables(offering_table, enrolment_table) -> None:
    """Called by ``training.learning.online_models``: the offering and enrolment tables."""
    _Tables.offering, _Tables.enrolment = offering_table, enrolment_table


def online_completions(course_id: int, ids: list[int]) -> dict[int, tuple[datetime, str]]:
    """Per person among ``ids``: (when, timezone of the offering's unit) of their latest
    completed online enrolment in an offering of the course (one statement)."""
    offering, enrolment = _Tables.offering, _Tables.enrolment
    if offering is None or not ids:
        return {}
    stmt = (
        select(enrolment.person_id, enrolment.completed_at, Unit.timezone)
        .join(offering, offering.id == enrolment.offering_id)
        .join(Unit, Unit.id == offering.unit_id)
        .where(
            offering.course_id == course_id,
            enrolment.person_id.in_(ids),
            enrolment.completed_at.is_not(None),
        )
    )
    found: dict[int, tuple[datetime, str]] = {}
    for pid, completed_at, tz in db.session.execute(stmt):
        if pid not in found or completed_at > found[pid][0]:
            found[pid] = (completed_at, tz)
    return found
