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


def listing(stmt: Select, limit: int = LIMIT) -> Listing:
    """The first ``limit`` rows of ``stmt`` and their total: the total is a window count
    beside each row, so a block costs one statement however many rows match."""
    rows = db.session.execute(stmt.add_columns(func.count().over()).limit(limit)).all()
    if not rows:
        return Listing()
    if len(rows[0]) == 2:
        return Listing(rows=[row[0] for row in rows], total=rows[0][-1])
    return Listing(rows=[tuple(row[:-1]) for row in rows], total=rows[0][-1])
