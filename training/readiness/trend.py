"""Trend over the cycle: a unit's certified share per day, read from the daily snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from training.extensions import db
from training.programs.models import Program
from training.programs.services import current_cycle
from training.readiness.models import ReadinessSnapshot


@dataclass(frozen=True)
class Trend:
    first: date | None
    last: date | None
    #: (day, certified % of the subtree or None without targets), oldest first.
    points: list[tuple[date, float | None]]


def cycle_trend(program: Program, unit_id: int, today: date) -> Trend:
    """The snapshots of ``unit_id`` and ``program`` within the cycle running on ``today``
    (or the last cycle started); no points without a cycle or snapshots."""
    cycle = current_cycle(program, today)
    if cycle is None:
        return Trend(None, None, [])
    stmt = (
        select(ReadinessSnapshot.day, ReadinessSnapshot.certified_pct)
        .where(
            ReadinessSnapshot.program_id == program.id,
            ReadinessSnapshot.unit_id == unit_id,
            ReadinessSnapshot.day >= cycle.starts_on,
            ReadinessSnapshot.day <= min(cycle.ends_on, today),
        )
        .order_by(ReadinessSnapshot.day)
    )
    points = [(day, pct) for day, pct in db.session.execute(stmt)]
    return Trend(cycle.starts_on, cycle.ends_on, points)
