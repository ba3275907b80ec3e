"""Official social-media accounts of the units and the history of their changes."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

if TYPE_CHECKING:
    from training.auth.models import User
    from training.units.models import Unit


class Platform(StrEnum):
    INSTAGRAM = "instagram"
    X = "x"
    FACEBOOK = "facebook"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    OTHER = "lainnya"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"


class SocialAccount(db.Model):
    """One official social-media account of a unit."""

    __table_args__ = (UniqueConstraint("platform", "handle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    #: Stored without the leading "@", lower case (handles are case-insensitive).
    handle: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(300), default="")
    verified: Mapped[bool] = mapped_column(default=False)
    verified_on: Mapped[date | None] = mapped_column(Date)
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=AccountStatus.ACTIVE, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    unit: Mapped[Unit] = relationship()
    changes: Mapped[list[SocialAccountChange]] = relationship(
        back_populates="account",
        order_by="SocialAccountChange.id.desc()",
        cascade="all, delete-orphan",
    )


class SocialAccountChange(db.Model):
    """History of an account: who changed which fields from what to what."""

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("social_account.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: "create", "update" or "import".
    action: Mapped[str] = mapped_column(String(10))
    #: {field: [before, after]} (dates as ISO strings).
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    account: Mapped[SocialAccount] = relationship(back_populates="changes")
    user: Mapped[User | None] = relationship()
