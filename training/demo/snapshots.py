"""Demo readiness history: a snapshot for every day of the demo cycle so far."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from training.core.bulkwrite import checks_at_end
from training.programs.models import Program
from training.programs.services import current_cycle
from training.readiness.models import ReadinessSnapshot
from training.readiness.snapshots import days_between, has_snapshots, take_snapshots


def plan_days(program: Program, today: date) -> list[date]:
    """The days of the running cycle up to today, or nothing when already recorded."""
    cycle = current_cycle(program, today)
    if cycle is None or has_snapshots(program):
        return []
    return days_between(cycle.starts_on, min(today, cycle.ends_on))


def seed_snapshots(program: Program, days: list[date], progress: Callable[[int], None]) -> int:
    """The days' snapshots, their ~170,000 rows at national scale checked against units and
    programme, and indexed, once at the end (the seed runs before the application serves);
    the index on the day stays: each day is copied from the day before."""
    with checks_at_end(ReadinessSnapshot.__table__, keep=("ix_readiness_snapshot_day",)):
        return take_snapshots(program, days, progress)
