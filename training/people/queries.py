"""Read-only people queries shared by the list page, the exports and the JSON API."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import contains_eager

from training.extensions import db
from training.people.models import Person
from training.people.ranks import RANK_ORDER, Position
from training.people.services import normalise_rank
from training.policy.scope import Scope, person_clause
from training.units.models import Unit, in_subtree

SORTS = ("name", "rank", "nrp", "unit")
DIRECTIONS = ("asc", "desc")
#: Same columns, in the same order, as the import file: an export re-imports as it is.
POSITION_CODES = frozenset(p.value for p in Position)
EXPORT_HEADER = ("nrp", "nama", "pangkat", "jabatan", "kode_satuan", "telepon", "email")

_RANK_KEY = case(RANK_ORDER, value=Person.rank, else_=len(RANK_ORDER))
_SORT_COLUMNS = {
    "name": (Person.full_name,),
    "rank": (_RANK_KEY, Person.full_name),
    "nrp": (Person.nrp,),
    "unit": (Unit.code, Person.full_name),
}


def _filtered(stmt: Select, scope: Scope, unit, rank, position, q) -> Select:
    stmt = stmt.where(person_clause(scope))
    if unit is not None:
        stmt = stmt.where(in_subtree(unit.path))
    rank_code = normalise_rank(rank) if rank else None
    if rank_code:
        stmt = stmt.where(Person.rank == rank_code)
    if position and position in POSITION_CODES:
        stmt = stmt.where(Person.position == position)
    q = (q or "").strip()
    if q:
        stmt = stmt.where(
            Person.full_name.icontains(q, autoescape=True)
            | Person.nrp.contains(q.replace(" ", ""), autoescape=True)
        )
    return stmt


def _ordered(stmt: Select, sort: str, direction: str) -> Select:
    columns = _SORT_COLUMNS.get(sort, _SORT_COLUMNS["name"])
    if direction == "desc":
        columns = tuple(c.desc() for c in columns)
    return stmt.order_by(*columns, Person.id)


def people_query(
    scope: Scope,
    unit: Unit | None = None,
    rank: str | None = None,
    position: str | None = None,
    q: str | None = None,
    sort: str = "name",
    direction: str = "asc",
) -> Select:
    """Select the people ``scope`` may see, each loaded with its unit (no N+1).

    ``unit`` keeps that unit's whole subtree (resolve a code first with
    ``training.policy.scope.unit_or_404``, which answers 404 out of scope); ``rank`` accepts
    any spelling of a rank; an unknown ``rank``/``position``/``sort`` is ignored; ``q``
    matches part of the name (any case) or of the NRP/NIP. Sorting by rank follows
    ``RANK_ORDER`` (highest first when ascending), by unit follows the unit code.
    """
    stmt = select(Person).join(Person.unit).options(contains_eager(Person.unit))
    stmt = _filtered(stmt, scope, unit, rank, position, q)
    return _ordered(stmt, sort, direction)


def people_count(
    scope: Scope,
    unit: Unit | None = None,
    rank: str | None = None,
    position: str | None = None,
    q: str | None = None,
    **_order,
) -> int:
    """How many people ``people_query`` selects with the same filters: counted on the
    person table alone (the unit filter as ``unit_id IN (subtree)``), not as a COUNT over
    the whole ordered, joined list query."""
    stmt = select(func.count(Person.id))
    if unit is not None:
        stmt = stmt.where(Person.unit_id.in_(select(Unit.id).where(in_subtree(unit.path))))
    return db.session.scalar(_filtered(stmt, scope, None, rank, position, q)) or 0


def export_rows(
    scope: Scope,
    unit: Unit | None = None,
    rank: str | None = None,
    position: str | None = None,
    q: str | None = None,
    sort: str = "name",
    direction: str = "asc",
) -> Iterator[tuple]:
    """Yield the filtered list as import-ready tuples (see ``EXPORT_HEADER``), in batches."""
    stmt = select(
        Person.nrp, Person.full_name, Person.rank, Person.position, Unit.code, Person.phone,
        Person.email,
    ).join(Person.unit)  # fmt: skip
    stmt = _ordered(_filtered(stmt, scope, unit, rank, position, q), sort, direction)
    result = db.session.execute(stmt.execution_options(yield_per=1000))
    for row in result:
        yield tuple(row)
