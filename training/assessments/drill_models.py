"""The response drill: a bank of simulated citizen mentions (scenarios), drills started in a
running session, the items each drill shows (a copy of its scenarios) and every
participant's reply with the times the server saw it shown and answered, and its score."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

#: The assessment attempt source of a finished drill (AssessmentAttempt.source).
DRILL_SOURCE = "drill"
#: The competency a drill assesses (training.assessments.framework).
DRILL_COMPETENCY = "ADUAN"


class ScenarioCategory(StrEnum):
    ADUAN = "aduan"
    PERTANYAAN = "pertanyaan"
    INFORMASI = "informasi"
    ISU_NEGATIF = "isu_negatif"
    DARURAT = "darurat"  # to be redirected to 110


class DrillPlatform(StrEnum):
    INSTAGRAM = "instagram"
    X = "x"
    FACEBOOK = "facebook"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"


class DrillScenario(db.Model):
    """One simulated citizen mention of the bank (data in Indonesian, edited by admins)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(16))
    #: The citizen's account name shown above the mention, without @.
    handle: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(16))
    mention_text: Mapped[str] = mapped_column(Text)
    #: What a good reply contains: the trainer's scoring hints.
    rubric: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<DrillScenario {self.code}>"


class Drill(db.Model):
    """A drill of one session; open for replies until the trainer finishes it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    items: Mapped[list[DrillItem]] = relationship(
        order_by="DrillItem.position", cascade="all, delete-orphan", back_populates="drill"
    )
    session = relationship("TrainingSession")

    @property
    def is_open(self) -> bool:
        return self.finished_at is None

    def __repr__(self) -> str:
        return f"<Drill {self.id} session={self.session_id}>"


class DrillItem(db.Model):
    """One mention of a drill: a copy of its scenario, so later bank edits change no drill."""

    __table_args__ = (UniqueConstraint("drill_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    drill_id: Mapped[int] = mapped_column(ForeignKey("drill.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    scenario_id: Mapped[int | None] = mapped_column(
        ForeignKey("drill_scenario.id", ondelete="SET NULL")
    )
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(16))
    handle: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(16))
    mention_text: Mapped[str] = mapped_column(Text)
    rubric: Mapped[str] = mapped_column(Text)

    drill: Mapped[Drill] = relationship(back_populates="items")


class DrillReply(db.Model):
    """A participant's turn at one item: shown at (server time), replied at, the text as
    typed, and the trainer's level (1 Kurang .. 5 Istimewa)."""

    __table_args__ = (UniqueConstraint("item_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    drill_id: Mapped[int] = mapped_column(ForeignKey("drill.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("drill_item.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime())
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    text: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[int | None]
    scored_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    item: Mapped[DrillItem] = relationship()

    @property
    def seconds(self) -> int | None:
        """Time to reply as the server measured it, in whole seconds."""
        if self.replied_at is None:
            return None
        return int((self.replied_at - self.shown_at).total_seconds())
