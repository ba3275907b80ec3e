"""Daily readiness snapshots: one row per programme, unit and day, for trend lines.

Taking a snapshot is idempotent per day: the day's rows are replaced, never duplicated.
Past days are computed as of that day (certificates in force then); course status figures
(competency level, attendance) are today's, as the status rows are not versioned.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, insert, select

from training.extensions import db
from training.policy.scope import Scope
from training.programs.models import Cycle, Program
from training.readiness import rollup
from training.readiness.models import ReadinessSnapshot


def take_snapshot(program: Program, day: date) -> int:
    """Store every unit's readiness of ``program`` on ``day``; return the number of rows."""
    readiness = rollup.compute(program, Scope(everything=True), on=day)
    now = datetime.now(UTC)
    rows = [
        {
            "program_id": program.id,
            "unit_id": unit.unit_id,
            "day": day,
            "status": str(unit.status),
            "targets": unit.subtree.targets,
            "certified": unit.subtree.certified,
            "certified_pct": unit.subtree.certified_pct,
            "commanders": unit.subtree.commanders,
            "commanders_certified": unit.subtree.commanders_certified,
            "accounts": unit.subtree.accounts,
            "accounts_verified": unit.subtree.accounts_verified,
            "average_level": unit.subtree.average_level,
            "attendance_pct": unit.subtree.attendance_pct,
            "expiring": unit.subtree.expiring,
            "created_at": now,
        }
        for unit in readiness.units.values()
    ]
    db.session.execute(
        delete(ReadinessSnapshot).where(
            ReadinessSnapshot.program_id == program.id, ReadinessSnapshot.day == day
        )
    )
    if rows:
        db.session.execute(insert(ReadinessSnapshot), rows)
    return len(rows)


def programs_running_on(day: date) -> list[Program]:
    """Active programmes with a cycle running on ``day``."""
    stmt = (
        select(Program)
        .join(Cycle, Cycle.program_id == Program.id)
        .where(Program.is_active.is_(True), Cycle.starts_on <= day, Cycle.ends_on >= day)
        .distinct()
        .order_by(Program.id)
    )
    return list(db.session.scalars(stmt))


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def has_snapshots(program: Program) -> bool:
    return (
        db.session.scalar(
            select(ReadinessSnapshot.id).where(ReadinessSnapshot.program_id == program.id).limit(1)
        )
        is not None
    )
