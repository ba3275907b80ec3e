"""Read-only unit queries shared by the HTML views and the JSON API."""

from __future__ import annotations

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from training.extensions import db
from training.people.models import Person
from training.people.ranks import COMMANDER_OF_LEVEL
from training.policy.scope import Scope, unit_clause
from training.units.models import Unit, UnitLevel, in_subtree

#: SQL expression giving a unit's depth (0 for Mabes) from its level.
LEVEL_DEPTH = case({level.value: level.depth for level in UnitLevel}, value=Unit.level, else_=9)

EXPORT_HEADER = ("code", "name", "level", "parent_code", "timezone", "type")


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_units(
    scope: Scope, q: str = "", level: str = "", *, first: Unit | None = None
) -> Select:
    """Select the units in ``scope`` whose name or code contains ``q`` (any case).

    Ordered by code, with ``first`` (a commander's own unit) on top when given.
    The parent is loaded in the same query for the list's parent column.
    """
    stmt = select(Unit).where(unit_clause(scope)).options(joinedload(Unit.parent))
    q = (q or "").strip()
    if q:
        pattern = _like_pattern(q)
        stmt = stmt.where(
            or_(
                func.lower(Unit.name).like(pattern, escape="\\"),
                func.lower(Unit.code).like(pattern, escape="\\"),
            )
        )
    if level:
        stmt = stmt.where(Unit.level == level)
    if first is not None:
        stmt = stmt.order_by(case((Unit.id == first.id, 0), else_=1))
    return stmt.order_by(Unit.code)


def _grouped_counts(column, unit_ids) -> dict[int, int]:
    ids = list(unit_ids)
    counts = dict.fromkeys(ids, 0)
    if ids:
        stmt = select(column, func.count()).where(column.in_(ids)).group_by(column)
        counts.update((unit_id, n) for unit_id, n in db.session.execute(stmt))
    return counts


def child_counts(unit_ids) -> dict[int, int]:
    """Number of direct children of each unit, in one grouped query (0 when none)."""
    return _grouped_counts(Unit.parent_id, unit_ids)


def people_counts(unit_ids) -> dict[int, int]:
    """Number of people placed directly in each unit, in one grouped query."""
    return _grouped_counts(Person.unit_id, unit_ids)


def subtree_people_count(unit: Unit) -> int:
    """Number of people in ``unit`` and every unit below it."""
    stmt = select(func.count(Person.id)).join(Unit, Person.unit).where(in_subtree(unit.path))
    return db.session.scalar(stmt) or 0


def ancestors(unit: Unit, scope: Scope | None = None) -> list[Unit]:
    """The units above ``unit``, top first (one query); only those in ``scope`` if given."""
    ids = [i for i in unit.ancestor_ids if i != unit.id]
    if not ids:
        return []
    stmt = select(Unit).where(Unit.id.in_(ids))
    if scope is not None:
        stmt = stmt.where(unit_clause(scope))
    found = {u.id: u for u in db.session.scalars(stmt)}
    return [found[i] for i in ids if i in found]


def head_of(unit: Unit, exclude: Person | None = None) -> Person | None:
    """The person at ``unit`` holding its level's commander position (kapolda, ...)."""
    position = COMMANDER_OF_LEVEL.get(unit.level)
    if position is None:
        return None
    stmt = select(Person).where(Person.unit_id == unit.id, Person.position == position.value)
    if exclude is not None and exclude.id is not None:
        stmt = stmt.where(Person.id != exclude.id)
    return db.session.scalar(stmt.order_by(Person.id).limit(1))


def children_of(unit: Unit) -> list[Unit]:
    return list(
        db.session.scalars(select(Unit).where(Unit.parent_id == unit.id).order_by(Unit.code))
    )


def export_rows(scope: Scope):
    """Rows (import format) of the units in ``scope``, streamed from the database."""
    parent = aliased(Unit)
    stmt = (
        select(Unit.code, Unit.name, Unit.level, parent.code, Unit.timezone, Unit.unit_type)
        .outerjoin(parent, Unit.parent_id == parent.id)
        .where(unit_clause(scope))
        .order_by(LEVEL_DEPTH, Unit.code)
        .execution_options(yield_per=500)
    )
    for row in db.session.execute(stmt):
        yield tuple(row)
