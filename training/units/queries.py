"""Read-only unit queries shared by the HTML views and the JSON API."""

from __future__ import annotations

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from training.extensions import db
from training.policy.scope import Scope, unit_clause
from training.units.models import Unit, UnitLevel

#: SQL expression giving a unit's depth (0 for Mabes) from its level.
LEVEL_DEPTH = case({level.value: level.depth for level in UnitLevel}, value=Unit.level, else_=9)

EXPORT_HEADER = ("kode", "nama", "tingkat_satuan", "kode_induk", "zona_waktu", "jenis")


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


def grouped_counts(column, unit_ids) -> dict[int, int]:
    """Rows per unit id in ``column`` (a unit id column), in one grouped query (0 when none)."""
    ids = list(unit_ids)
    counts = dict.fromkeys(ids, 0)
    if ids:
        stmt = select(column, func.count()).where(column.in_(ids)).group_by(column)
        counts.update((unit_id, n) for unit_id, n in db.session.execute(stmt))
    return counts


def child_counts(unit_ids) -> dict[int, int]:
    """Number of direct children of each unit, in one grouped query (0 when none)."""
    return grouped_counts(Unit.parent_id, unit_ids)


class _People:
    """What the unit page shows of its people (``training.people.figures``: the head and
    the head counts). People build on units, so they are handed over at app start."""

    figures = None


def use_people(figures) -> None:
    """Called by the app factory with ``training.people.figures``."""
    _People.figures = figures


def people_figures():
    return _People.figures


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
