"""Question banks: one bank per competency, its questions, their choices and tags."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

if TYPE_CHECKING:
    from training.assessments.models import Competency


class QuestionBank(db.Model):
    """The questions that test one competency (quizzes draw from it per competency)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competency.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    competency: Mapped[Competency] = relationship()
    questions: Mapped[list[Question]] = relationship(
        back_populates="bank", order_by="Question.id", cascade="all, delete-orphan"
    )


class Question(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(
        ForeignKey("question_bank.id", ondelete="CASCADE"), index=True
    )
    #: A ``training.learning.bankdata.Kind``: single, multiple, truefalse, short, matching.
    kind: Mapped[str] = mapped_column(String(12))
    #: The title (GIFT's ``::title::``), may be empty.
    name: Mapped[str] = mapped_column(String(255), default="")
    text: Mapped[str] = mapped_column(Text)
    general_feedback: Mapped[str] = mapped_column(Text, default="")
    #: The category path inside the bank (GIFT's ``$CATEGORY``), "" for none.
    category: Mapped[str] = mapped_column(String(255), default="")
    #: Short answers: compare letter case too.
    case_sensitive: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    bank: Mapped[QuestionBank] = relationship(back_populates="questions")
    choices: Mapped[list[QuestionChoice]] = relationship(
        back_populates="question",
        order_by="QuestionChoice.position",
        cascade="all, delete-orphan",
    )
    tags: Mapped[list[QuestionTag]] = relationship(
        order_by="QuestionTag.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.kind} {self.name!r}>"


class QuestionChoice(db.Model):
    """An answer of a question: its share of the mark and its feedback; for matching
    questions a sub-question and the answer it is matched with."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    #: Percent of the question's mark (-100..100); negative is a penalty.
    fraction: Mapped[float] = mapped_column(default=0.0)
    feedback: Mapped[str] = mapped_column(Text, default="")
    match_text: Mapped[str] = mapped_column(Text, default="")

    question: Mapped[Question] = relationship(back_populates="choices")


class QuestionTag(db.Model):
    __table_args__ = (UniqueConstraint("question_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(50), index=True)
