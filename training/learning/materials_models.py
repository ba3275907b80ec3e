"""Course materials: ordered modules of files and links, each person's progress per module."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

if TYPE_CHECKING:
    from training.programs.models import Course


class ItemKind(StrEnum):
    FILE = "file"
    LINK = "link"


class MaterialModule(db.Model):
    """One module of a course's materials, shown in ``position`` order."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    #: 1, 2, 3... within the course; reordering swaps neighbours.
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship()
    items: Mapped[list[MaterialItem]] = relationship(
        back_populates="module",
        order_by="MaterialItem.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"<MaterialModule {self.id} course={self.course_id} #{self.position}>"


class MaterialItem(db.Model):
    """A file (stored by content hash in the materials folder) or a link of a module."""

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(
        ForeignKey("material_module.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    #: Links only: an http(s) address.
    url: Mapped[str] = mapped_column(String(500), default="")
    #: Files only: the name shown and offered on download (extension of the real type).
    filename: Mapped[str] = mapped_column(String(200), default="")
    #: Files only: the type recognised from the content, sent as Content-Type.
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(default=0)
    #: Files only: SHA-256 of the content, also the stored file's name.
    sha256: Mapped[str] = mapped_column(String(64), default="", index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    module: Mapped[MaterialModule] = relationship(back_populates="items")

    @property
    def is_file(self) -> bool:
        return self.kind == ItemKind.FILE

    def __repr__(self) -> str:
        return f"<MaterialItem {self.id} {self.kind} module={self.module_id}>"


class MaterialProgress(db.Model):
    """What one person did with one module: opened it, marked it done."""

    __table_args__ = (UniqueConstraint("person_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(
        ForeignKey("material_module.id", ondelete="CASCADE"), index=True
    )
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    module: Mapped[MaterialModule] = relationship()


class CourseMaterialSettings(db.Model):
    """Per-course settings of the materials (a row only once an admin or trainer sets one)."""

    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True
    )
    #: Every module must be marked done before the course's post-test may be taken.
    required_before_post_test: Mapped[bool] = mapped_column(
        default=False, server_default=sa_false()
    )
