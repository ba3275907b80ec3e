"""Feedback after a session: the survey template (versioned), its questions, the answers.

A template version is frozen once it has been answered: editing it then makes a new version
(``feedback_services.editable_template``), so every answer keeps pointing at the question it
answered. Responses are anonymous: ``FeedbackResponse`` holds no person and no time of day;
``FeedbackReceipt`` records only that a person answered a session (once-only), with no link
to the response and no timestamp.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

#: The points of a Likert question, 1 (strongly disagree) to 5 (strongly agree).
LIKERT_POINTS = (1, 2, 3, 4, 5)


class QuestionKind(StrEnum):
    LIKERT = "likert"
    TEXT = "text"


class FeedbackTemplate(db.Model):
    """One version of the survey; the highest version is the one participants answer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    questions: Mapped[list[FeedbackQuestion]] = relationship(
        back_populates="template",
        order_by="FeedbackQuestion.position",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<FeedbackTemplate v{self.version}>"


class FeedbackQuestion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_template.id", ondelete="CASCADE"), index=True
    )
    #: 1, 2, 3... within the template version.
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8))
    prompt: Mapped[str] = mapped_column(String(300))
    is_required: Mapped[bool] = mapped_column(default=True, server_default=sa_true())

    template: Mapped[FeedbackTemplate] = relationship(back_populates="questions")

    @property
    def is_likert(self) -> bool:
        return self.kind == QuestionKind.LIKERT

    def __repr__(self) -> str:
        return f"<FeedbackQuestion {self.id} v{self.template_id} #{self.position}>"


class FeedbackResponse(db.Model):
    """One anonymous filled-in survey of one session (who answered is not stored here)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    template_id: Mapped[int] = mapped_column(ForeignKey("feedback_template.id"), index=True)
    #: The day only: a time of day would help tell who answered.
    submitted_on: Mapped[date]

    answers: Mapped[list[FeedbackAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class FeedbackAnswer(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_response.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("feedback_question.id"), index=True)
    #: Likert questions: 1-5.
    score: Mapped[int | None]
    #: Free-text questions.
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[FeedbackResponse] = relationship(back_populates="answers")


class FeedbackReceipt(db.Model):
    """That a person has answered a session's survey (once only); nothing else."""

    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )
