"""Refresher targets (issue 15.4): the units the readiness roll-up flags "perlu penyegaran"
(people certified, complaint response slow: training.readiness.outcome) send their social
media operators and their commander back to training, even when certified.

Added to a course's targets when they are among its targets (position and unit level) and
not already targets or placed in the cycle; each counts as a refresher (``untrained`` False).
The flags are those of the national roll-up on the planning day (readiness.kept)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_, select

from training.extensions import db
from training.people.models import Person
from training.people.ranks import COMMANDER_OF_LEVEL, Position
from training.planner.regions import Target, placed_clause
from training.policy.scope import Scope
from training.programs.cascade import target_people_filter
from training.programs.models import Course, Cycle, Program
from training.readiness.kept import readiness as kept_readiness
from training.units.models import Unit


def flagged_unit_ids(program: Program, on: date) -> list[int]:
    """The units flagged on day ``on`` (read once per proposal, before it writes)."""
    readiness = kept_readiness(program, Scope(everything=True), on=on)
    return [uid for uid, node in readiness.units.items() if node.refresher]


def refresher_targets(
    course: Course, cycle: Cycle, unit_ids: list[int], known: list[Target]
) -> list[Target]:
    """The operators and commander of the units ``unit_ids``, as targets of ``course``."""
    if not unit_ids:
        return []
    heads = [
        and_(Unit.level == level, Person.position == position)
        for level, position in COMMANDER_OF_LEVEL.items()
    ]
    stmt = (
        select(Person.id, Unit.id, Unit.code, Unit.path, Unit.timezone)
        .join(Unit, Person.unit_id == Unit.id)
        .where(
            Unit.id.in_(unit_ids),
            or_(Person.position == Position.OPERATOR, *heads),
            target_people_filter(course),
            ~placed_clause(course, cycle),
        )
        .order_by(Unit.code, Person.full_name, Person.id)
    )
    seen = {t.person_id for t in known}
    return [
        Target(pid, uid, code, path, tz, False)
        for pid, uid, code, path, tz in db.session.execute(stmt)
        if pid not in seen
    ]


def with_refreshers(
    course: Course, cycle: Cycle, unit_ids: list[int], targets: list[Target]
) -> list[Target]:
    """``targets`` and the refresher targets of the flagged ``unit_ids``, by unit code."""
    extra = refresher_targets(course, cycle, unit_ids, targets)
    return sorted(targets + extra, key=lambda t: t.unit_code) if extra else targets
