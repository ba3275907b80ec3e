"""Trend over the cycle: a unit's certified share and aduan response per day, read from the
daily snapshots."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    #: (day, aduan answered % or None without aduan, p90 minutes or None), the same days.
    responses: list[tuple[date, float | None, int | None]] = field(default_factory=list)

    @property
    def has_response(self) -> bool:
        return any(pct is not None for _day, pct, _p90 in self.responses)


def cycle_trend(program: Program, unit_id: int, today: date) -> Trend:
    """The snapshots of ``unit_id`` and ``program`` within the cycle running on ``today``
    (or the last cycle started); no points without a cycle or snapshots."""
    cycle = current_cycle(program, today)
    if cycle is None:
        return Trend(None, None, [])
    stmt = (
        select(
            ReadinessSnapshot.day,
            ReadinessSnapshot.certified_pct,
            ReadinessSnapshot.aduan,
            ReadinessSnapshot.aduan_answered,
            ReadinessSnapshot.aduan_p90_seconds,
        )
        .where(
            ReadinessSnapshot.program_id == program.id,
            ReadinessSnapshot.unit_id == unit_id,
            ReadinessSnapshot.day >= cycle.starts_on,
            ReadinessSnapshot.day <= min(cycle.ends_on, today),
        )
        .order_by(ReadinessSnapshot.day)
    )
    rows = db.session.execute(stmt).all()
    points = [(day, pct) for day, pct, *_response in rows]
    responses = [(day, *_response(*values)) for day, _pct, *values in rows]
    return Trend(cycle.starts_on, cycle.ends_on, points, responses)


def _response(aduan: int, answered: int, p90_seconds: int | None) -> tuple:
    pct = round(100.0 * answered / aduan, 1) if aduan else None
    return pct, None if p90_seconds is None else -(-p90_seconds // 60)
