"""A block's few rows and how many there are in all, read in one statement."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, func

from training.extensions import db

#: Rows shown in one block of the home page; the block links to the full page for the rest.
LIMIT = 5


@dataclass
class Listing:
    """The first rows of a block (each a tuple of the statement's columns, or the one
    column itself) and the total."""

    rows: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.rows))

    def __bool__(self) -> bool:
        return bool(self.rows)


def listed(stmt: Select, limit: int = LIMIT) -> Select:
    """``stmt`` as a block reads it: the first ``limit`` rows, each with the total beside it
    (a window count), so a block costs one statement however many rows match. Build it once
    for a statement that is kept and run again (``read``)."""
    return stmt.add_columns(func.count().over()).limit(limit)


def read(stmt: Select, params: dict | None = None) -> Listing:
    """Run a statement built by ``listed`` (with values for its bound parameters)."""
    rows = db.session.execute(stmt, params).all()
    if not rows:
        return Listing()
    if len(rows[0]) == 2:
        return Listing(rows=[row[0] for row in rows], total=rows[0][-1])
    return Listing(rows=[tuple(row[:-1]) for row in rows], total=rows[0][-1])


def listing(stmt: Select, limit: int = LIMIT) -> Listing:
    """The first ``limit`` rows of ``stmt`` and their total, in one statement."""
    return read(listed(stmt, limit))
