"""Question banks (one per competency: questions, choices, tags) and quizzes drawn from them
(a quiz per course, attempts, the drawn questions with the answers as given)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

if TYPE_CHECKING:
    from training.assessments.models import Competency
    from training.programs.models import Course, Cycle


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


class Quiz(db.Model):
    """A pre-test or post-test of a course (of one cycle, for an online refresher): so many
    questions drawn from each of the course's competency banks, in a time limit."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    #: "pre" or "post".
    kind: Mapped[str] = mapped_column(String(4))
    title: Mapped[str] = mapped_column(String(200))
    questions_per_competency: Mapped[int] = mapped_column(default=5)
    time_limit_minutes: Mapped[int] = mapped_column(default=30)
    max_attempts: Mapped[int] = mapped_column(default=1)
    is_active: Mapped[bool] = mapped_column(default=True)

    course: Mapped[Course] = relationship()
    cycle: Mapped[Cycle | None] = relationship()

    @property
    def is_post(self) -> bool:
        return self.kind == "post"


class QuizAttempt(db.Model):
    """One person's go at a quiz; open until submitted or graded after its deadline."""

    __table_args__ = (UniqueConstraint("quiz_id", "person_id", "attempt_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    attempt_no: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: started_at + the quiz's time limit: no answer is taken after it.
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: When the person handed it in: no answer is taken after it; the grading job closes it.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the attempt was graded and closed (submitted, or its deadline passed).
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Percent of the marks (0..100), set when closed.
    score: Mapped[float | None]
    #: Competency id (as text) → level 1..5 by the course's bands, set when closed.
    levels: Mapped[dict | None] = mapped_column(JSON)

    quiz: Mapped[Quiz] = relationship()
    slots: Mapped[list[QuizSlot]] = relationship(
        back_populates="attempt", order_by="QuizSlot.position", cascade="all, delete-orphan"
    )


class QuizSlot(db.Model):
    """One drawn question of an attempt, as it stood when drawn (later edits of the bank
    do not change a running quiz), with the order its choices are shown in and the answer
    saved as given."""

    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_attempt.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    question_id: Mapped[int | None] = mapped_column(ForeignKey("question.id", ondelete="SET NULL"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"))
    #: The question drawn: kind, text and choices with their fractions (never sent out).
    snapshot: Mapped[dict] = mapped_column(JSON)
    #: Indexes of the snapshot's choices in the order they are shown.
    choice_order: Mapped[list[int]] = mapped_column(JSON)
    #: The answer as given (shown positions, text or pairs), None before one.
    answer: Mapped[dict | None] = mapped_column(JSON)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Share of the question's mark earned (0..1), set when the attempt is closed.
    mark: Mapped[float | None]

    attempt: Mapped[QuizAttempt] = relationship(back_populates="slots")


class QuizBands(db.Model):
    """Where a course's quiz scores (percent) turn into competency levels: the lowest score
    of Cukup, Baik, Baik Sekali and Istimewa; below Cukup is Kurang. A row only once set."""

    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True
    )
    min_cukup: Mapped[int]
    min_baik: Mapped[int]
    min_baik_sekali: Mapped[int]
    min_istimewa: Mapped[int]
