"""Unit: one node of the Polri command tree, with a materialized path."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ColumnElement, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core import paths
from training.core.paths import path_ids
from training.core.timefmt import TIMEZONES
from training.extensions import db
from training.policy.scope import use_unit_table


class UnitLevel(StrEnum):
    MABES = "mabes"
    POLDA = "polda"
    POLRES = "polres"
    POLSEK = "polsek"

    @property
    def depth(self) -> int:
        return list(UnitLevel).index(self)


#: Unit types as written in unit names, longest first so prefixes match correctly.
UNIT_TYPES = (
    "Mabes Polri",
    "Polda",
    "Polrestabes",
    "Polresta",
    "Polres Metro",
    "Polres",
    "Polsubsektor",
    "Polsekta",
    "Polsek",
)


class Unit(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    level: Mapped[str] = mapped_column(String(10), index=True)
    #: Kind of unit within its level, e.g. Polresta or Polrestabes.
    unit_type: Mapped[str] = mapped_column(String(30))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    #: Materialized path of ids, "/1/7/42/": a subtree is one index range (see in_subtree).
    #: Byte-order collation on PostgreSQL so that the range matches the prefix exactly.
    path: Mapped[str] = mapped_column(
        String(255).with_variant(String(255, collation="C"), "postgresql"),
        index=True,
        default="",
    )
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Jakarta")
    is_synthetic: Mapped[bool] = mapped_column(default=False)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.code")

    @property
    def zone_label(self) -> str:
        return TIMEZONES.get(self.timezone, self.timezone)

    @property
    def ancestor_ids(self) -> list[int]:
        return path_ids(self.path)

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name}>"


def in_subtree(prefix, column=None) -> ColumnElement[bool]:
    """SQL condition: ``column`` (default Unit.path) starts with ``prefix`` (a path ending
    in "/", or a path column such as an aliased unit's); see ``training.core.paths``."""
    return paths.in_subtree(prefix, Unit.path if column is None else column)


use_unit_table(Unit)  # the unit and person scope reads this table
