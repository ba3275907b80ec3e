"""Person: a member of Polri (NRP) or civilian staff (NIP) in one unit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.extensions import db
from training.people.ranks import rank_label
from training.policy.scope import use_person_table

if TYPE_CHECKING:
    from training.units.models import Unit


class Person(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), index=True)
    #: NRP (8 digits, sworn members) or NIP (18 digits, PNS Polri): unique.
    nrp: Mapped[str] = mapped_column(String(18), unique=True)
    rank: Mapped[str] = mapped_column(String(12), index=True)
    #: Position code from people.ranks.Position.
    position: Mapped[str] = mapped_column(String(20), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    is_synthetic: Mapped[bool] = mapped_column(default=False)
    #: False once the person has left (a leaver): their sign-in account is deactivated.
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa_true())

    unit: Mapped[Unit] = relationship()

    @property
    def is_civilian(self) -> bool:
        return len(self.nrp) == 18

    @property
    def id_label(self) -> str:
        return "NIP" if self.is_civilian else "NRP"

    @property
    def rank_label(self) -> str:
        return rank_label(self.rank)

    def __repr__(self) -> str:
        return f"<Person {self.nrp} {self.full_name}>"


use_person_table(Person)  # the person scope reads this table
