"""Daily readiness snapshots: one row per programme, unit and day, for trend lines.

Taking a snapshot is idempotent per day: the day's rows are replaced, never duplicated.
Past days are computed as of that day (certificates in force then); course status figures
(competency level, attendance) are today's, as the status rows are not versioned.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Date, and_, delete, insert, literal, select

from training.core.bulkwrite import insert_rows
from training.core.types import UTCDateTime
from training.extensions import db
from training.policy.scope import Scope
from training.programs.models import Cycle, Program
from training.readiness import rollup
from training.readiness.models import ReadinessSnapshot
from training.readiness.snapshot_walk import DayWalk


def take_snapshot(program: Program, day: date) -> int:
    """Store every unit's readiness of ``program`` on ``day``; return the number of rows."""
    readiness = rollup.compute(program, Scope(everything=True), on=day)
    return _store(program, day, _values(program, readiness))


def take_snapshots(
    program: Program, days: list[date], progress: Callable[[int], None] | None = None
) -> int:
    """``take_snapshot`` for each of ``days``, the roll-up computed in full on the first
    day only: each later day is the day before's rows copied (INSERT .. SELECT: they stay in
    the database) but the rows of the units whose figures moved, written anew; the roll-up
    patched where the day can change it (``snapshot_walk``). The rows are the same as
    ``take_snapshot`` day by day (tests/test_readiness_snapshots.py)."""
    stored, walk, held, last_day = 0, None, {}, None
    days = sorted(set(days))
    for day in days:
        if walk is None:
            walk = DayWalk(program, day, days[-1])
            held = {uid: _unit_values(program, node) for uid, node in walk.units.items()}
            _store(program, day, list(held.values()))
        else:
            moved = []
            for uid in walk.advance(day):
                values = _unit_values(program, walk.units[uid])
                if values != held[uid]:
                    held[uid] = values
                    moved.append(values)
            if 2 * len(moved) > len(held):
                _store(program, day, list(held.values()))
            else:  # the day before's rows of the other units, the moved rows written anew
                _copy_day(program, last_day, day, skip=[row["unit_id"] for row in moved])
                _insert(program, day, moved)
        stored += len(held)
        last_day = day
        if progress is not None:
            progress(1)
    return stored


def _values(program: Program, readiness: rollup.Readiness) -> list[dict]:
    """Every unit's snapshot values of the roll-up (without the day)."""
    return [_unit_values(program, unit) for unit in readiness.units.values()]


def _unit_values(program: Program, unit) -> dict:
    """A unit's snapshot values (without the day)."""
    return {
        "program_id": program.id,
        "unit_id": unit.unit_id,
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
        **_response_values(unit),
    }


def _response_values(unit) -> dict:
    response = unit.response
    return {
        "aduan": response.mentions if response else 0,
        "aduan_answered": response.answered if response else 0,
        "aduan_p90_seconds": response.p90_seconds if response else None,
        "refresher": bool(unit.refresher),
    }


def _store(program: Program, day: date, figures: list[dict]) -> int:
    """Replace the day's rows with ``figures`` (COPY on PostgreSQL)."""
    _delete_day(program, day)
    return _insert(program, day, figures)


def _insert(program: Program, day: date, figures: list[dict]) -> int:
    now = datetime.now(UTC)
    rows = [{**values, "day": day, "created_at": now} for values in figures]
    return insert_rows(ReadinessSnapshot.__table__, rows)


def _copy_day(program: Program, source: date, day: date, skip: list[int]) -> None:
    """Replace the day's rows with those of day ``source`` but the units ``skip``
    (INSERT .. SELECT: the rows stay in the database)."""
    _delete_day(program, day)
    table = ReadinessSnapshot.__table__
    copied = [c for c in table.c if c.name not in ("id", "day", "created_at")]
    values = select(*copied, literal(day, Date), literal(datetime.now(UTC), UTCDateTime())).where(
        _of_day(program, source)
    )
    if skip:
        values = values.where(table.c.unit_id.not_in(skip))
    names = [c.name for c in copied] + ["day", "created_at"]
    db.session.execute(insert(table).from_select(names, values))


def _delete_day(program: Program, day: date) -> None:
    db.session.execute(delete(ReadinessSnapshot.__table__).where(_of_day(program, day)))


def _of_day(program: Program, day: date):
    """SQL: the rows of ``program`` on ``day``, read through the index on the day. Without
    statistics (a table analysed empty: the demo seed), SQLite took the unique index's
    ``program_id`` prefix instead, reading every earlier day's rows of the programme (each
    day of a range slower than the one before); ``program_id + 0`` is no index term."""
    table = ReadinessSnapshot.__table__
    return and_(table.c.day == day, table.c.program_id + 0 == program.id)


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
