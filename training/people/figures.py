"""What the unit page and the API show of the people in a unit: its head and head counts.

People build on units, so the units package imports none of this: the unit page receives
it at app start (``training.units.queries.use_people``).
"""

from __future__ import annotations

from sqlalchemy import func, select

from training.extensions import db
from training.people.models import Person
from training.people.ranks import COMMANDER_OF_LEVEL
from training.units.models import Unit, in_subtree
from training.units.queries import grouped_counts


def people_counts(unit_ids) -> dict[int, int]:
    """Number of people placed directly in each unit, in one grouped query."""
    return grouped_counts(Person.unit_id, unit_ids)


def subtree_people_count(unit: Unit) -> int:
    """Number of people in ``unit`` and every unit below it."""
    stmt = select(func.count(Person.id)).join(Unit, Person.unit).where(in_subtree(unit.path))
    return db.session.scalar(stmt) or 0


def head_of(unit: Unit, exclude: Person | None = None) -> Person | None:
    """The person at ``unit`` holding its level's commander position (kapolda, ...)."""
    position = COMMANDER_OF_LEVEL.get(unit.level)
    if position is None:
        return None
    stmt = select(Person).where(Person.unit_id == unit.id, Person.position == position.value)
    if exclude is not None and exclude.id is not None:
        stmt = stmt.where(Person.id != exclude.id)
    return db.session.scalar(stmt.order_by(Person.id).limit(1))
