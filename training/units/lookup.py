"""Loading units by code in bounded batches (for imports of thousands of rows)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from training.core.tabular import batches
from training.extensions import db
from training.units.models import Unit


def units_by_code(codes: Iterable[str]) -> dict[str, Unit]:
    """The units whose code is in ``codes``, by code (unknown codes are simply absent)."""
    units: dict[str, Unit] = {}
    for chunk in batches(sorted(set(codes))):
        stmt = select(Unit).where(Unit.code.in_(chunk))
        units.update((unit.code, unit) for unit in db.session.scalars(stmt))
    return units


def units_by_id(ids: Iterable[int]) -> dict[int, Unit]:
    """The units whose id is in ``ids``, by id."""
    units: dict[int, Unit] = {}
    for chunk in batches(sorted(set(ids))):
        units.update((u.id, u) for u in db.session.scalars(select(Unit).where(Unit.id.in_(chunk))))
    return units
