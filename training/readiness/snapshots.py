"""Daily readiness snapshots: one row per programme, unit and day, for trend lines.

Taking a snapshot is idempotent per day: the day's rows are replaced, never duplicated.
Past days are computed as of that day (certificates in force then); course status figures
(competency level, attendance) are today's, as the status rows are not versioned.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Date, delete, insert, literal, select
from sqlalchemy.orm import aliased

from training.certificates.models import Certificate
from training.core.bulkwrite import insert_rows
from training.core.types import UTCDateTime
from training.extensions import db
from training.policy.scope import Scope
from training.programs.models import Course, Cycle, Program
from training.readiness import rollup
from training.readiness.models import ReadinessSnapshot
from training.responses.models import MentionCategory, MentionDay


def take_snapshot(program: Program, day: date) -> int:
    """Store every unit's readiness of ``program`` on ``day``; return the number of rows."""
    readiness = rollup.compute(program, Scope(everything=True), on=day)
    return _store(program, day, _values(program, readiness))


def take_snapshots(
    program: Program, days: list[date], progress: Callable[[int], None] | None = None
) -> int:
    """``take_snapshot`` for each of ``days``, computing the roll-up only when it can differ.

    A day's figures depend on the day only through the certificates in force and expiring
    (``statements.current_certificates``) and the aduan inside the response window: the
    training part of the roll-up is computed again only on a day where a certificate of the
    programme was issued, expired, was superseded or revoked, or entered the expiring
    window; the response is added again only on those days and where a day of aduan
    entered or left the response window; on the other days every figure equals the day
    before's, which is stored again under the new day. The rows are the same as
    ``take_snapshot`` day by day (tests/test_readiness_snapshots.py)."""
    rules = rollup.thresholds_for(program)
    changes = sorted(_change_days(program, rules.expiring_days))
    responses = sorted(_response_days(rules.response_window_days))
    stored, last_day, count, part = 0, None, 0, None
    for day in sorted(days):
        recompute = last_day is None or _changed_between(changes, last_day, day)
        if recompute:
            part = rollup.trained(program, Scope(everything=True), None, day, rules)
        if recompute or _changed_between(responses, last_day, day):
            count = _store(program, day, _values(program, rollup.judged(program, part, day, rules)))
        else:
            _copy_day(program, last_day, day)  # as many rows as the day before
        stored += count
        last_day = day
        if progress is not None:
            progress(1)
    return stored


def _values(program: Program, readiness: rollup.Readiness) -> list[dict]:
    """Every unit's snapshot values of the roll-up (without the day)."""
    return [
        {
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
        for unit in readiness.units.values()
    ]


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
    now = datetime.now(UTC)
    rows = [{**values, "day": day, "created_at": now} for values in figures]
    return insert_rows(ReadinessSnapshot.__table__, rows)


def _copy_day(program: Program, source: date, day: date) -> None:
    """Replace the day's rows with those of day ``source`` (INSERT .. SELECT: the rows stay
    in the database)."""
    _delete_day(program, day)
    table = ReadinessSnapshot.__table__
    copied = [c for c in table.c if c.name not in ("id", "day", "created_at")]
    values = select(*copied, literal(day, Date), literal(datetime.now(UTC), UTCDateTime())).where(
        table.c.program_id == program.id, table.c.day == source
    )
    names = [c.name for c in copied] + ["day", "created_at"]
    db.session.execute(insert(table).from_select(names, values))


def _delete_day(program: Program, day: date) -> None:
    db.session.execute(
        delete(ReadinessSnapshot).where(
            ReadinessSnapshot.program_id == program.id, ReadinessSnapshot.day == day
        )
    )


def _change_days(program: Program, expiring_days: int) -> set[date]:
    """The days on which a certificate of ``program`` starts or stops being in force, or
    enters the expiring window (see ``statements.current_certificates``)."""
    successor = aliased(Certificate)
    stmt = (
        select(
            Certificate.issued_on,
            Certificate.valid_until,
            Certificate.revoked_on,
            successor.issued_on,
        )
        .outerjoin(successor, successor.id == Certificate.superseded_by_id)
        .join(Course, Course.id == Certificate.course_id)
        .where(Course.program_id == program.id)
    )
    days: set[date] = set()
    for issued, until, revoked, succeeded in db.session.execute(stmt):
        days.add(issued)
        days.update((until + timedelta(days=1), until - timedelta(days=expiring_days)))
        days.update(day for day in (revoked, succeeded) if day is not None)
    return days


def _response_days(window_days: int) -> set[date]:
    """The days on which a day of aduan enters (that day) or leaves (``window_days`` later)
    the response window [day - window + 1, day] of the roll-up."""
    stmt = (
        select(MentionDay.day)
        .where(MentionDay.category == MentionCategory.ADUAN.value, MentionDay.mentions > 0)
        .distinct()
    )
    days: set[date] = set()
    for (day,) in db.session.execute(stmt):
        days.update((day, day + timedelta(days=window_days)))
    return days


def _changed_between(changes: list[date], after: date, upto: date) -> bool:
    """Whether a day of ``changes`` (sorted) lies in (after, upto]."""
    index = bisect_right(changes, after)
    return index < len(changes) and changes[index] <= upto


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
