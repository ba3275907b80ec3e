"""Public mentions of official accounts, their daily response aggregates and the targets."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

if TYPE_CHECKING:
    from training.accounts.models import SocialAccount
    from training.people.models import Person


class MentionCategory(StrEnum):
    ADUAN = "aduan"
    PERTANYAAN = "pertanyaan"
    INFORMASI = "informasi"
    ISU_NEGATIF = "isu_negatif"


class MentionStatus(StrEnum):
    TERBUKA = "terbuka"
    DIJAWAB = "dijawab"
    SELESAI = "selesai"
    DITERUSKAN = "diteruskan"


class Mention(db.Model):
    """One public mention of (or message to) an official account."""

    __table_args__ = (
        UniqueConstraint("account_id", "mention_key"),
        Index("ix_mention_account_received", "account_id", "received_at"),
        # the breach list: open mentions, oldest first
        Index("ix_mention_open", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("social_account.id", ondelete="CASCADE"))
    #: The platform's id of the mention, or its URL: unique per account.
    mention_key: Mapped[str] = mapped_column(String(300))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    category: Mapped[str] = mapped_column(String(20))
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    responded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(12), default=MentionStatus.TERBUKA)
    reply_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    account: Mapped[SocialAccount] = relationship()
    responded_by: Mapped[Person | None] = relationship()

    @property
    def response_seconds(self) -> int | None:
        if self.first_response_at is None:
            return None
        return int((self.first_response_at - self.received_at).total_seconds())

    def __repr__(self) -> str:
        return f"<Mention {self.account_id}:{self.mention_key}>"


class MentionDay(db.Model):
    """The mentions of one account received on one local day (its unit's zone), per category.

    Kept by ``training.responses.measures.recompute``: every write of a mention recomputes
    the days it touches from the raw rows, so late data and corrections are reflected.
    """

    __table_args__ = (
        # the roll-ups, from the indexes alone: SQLite walks the units, then each account's
        # range of days; PostgreSQL reads the window's days and hashes them to the units
        Index("ix_mention_day_account", "account_id", "day", "category", "mentions", "answered"),
        Index("ix_mention_day_window", "day", "account_id", "category", "mentions", "answered"),
    )

    account_id: Mapped[int] = mapped_column(
        ForeignKey("social_account.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    category: Mapped[str] = mapped_column(String(20), primary_key=True)
    mentions: Mapped[int] = mapped_column(default=0)
    answered: Mapped[int] = mapped_column(default=0)


class MentionTime(db.Model):
    """How many answered mentions of one account, local day and category took exactly
    ``seconds`` from receipt to first response: an exact histogram of the response times,
    kept with ``MentionDay``. Medians, percentiles and "within any target" over any set of
    days are computed from it in SQL (``training.responses.queries``)."""

    __table_args__ = (
        # as MentionDay's two indexes (SQLite: by account; PostgreSQL: by day)
        Index("ix_mention_time_account", "account_id", "day", "category", "seconds", "count"),
        Index("ix_mention_time_day", "day", "account_id", "category", "seconds", "count"),
    )

    account_id: Mapped[int] = mapped_column(
        ForeignKey("social_account.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    category: Mapped[str] = mapped_column(String(20), primary_key=True)
    seconds: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=1)


class ResponseTarget(db.Model):
    """The response-time target of a programme for one category (minutes)."""

    __table_args__ = (UniqueConstraint("program_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[int]
