"""Demo readiness history: a snapshot for every day of the demo cycle so far."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from training.programs.models import Program
from training.programs.services import current_cycle
from training.readiness.snapshots import days_between, has_snapshots, take_snapshots


def plan_days(program: Program, today: date) -> list[date]:
    """The days of the running cycle up to today, or nothing when already recorded."""
    cycle = current_cycle(program, today)
    if cycle is None or has_snapshots(program):
        return []
    return days_between(cycle.starts_on, min(today, cycle.ends_on))


def seed_snapshots(program: Program, days: list[date], progress: Callable[[int], None]) -> int:
    return take_snapshots(program, days, progress)
