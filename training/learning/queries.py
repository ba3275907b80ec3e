"""Read-only queries of the question bank pages."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from training.assessments.models import Competency
from training.extensions import db
from training.learning.models import Question, QuestionBank, QuestionTag


def banks_overview() -> list[tuple[Competency, int]]:
    """Every competency (framework order) with the number of questions in its bank."""
    stmt = (
        select(Competency, func.count(Question.id))
        .outerjoin(QuestionBank, QuestionBank.competency_id == Competency.id)
        .outerjoin(Question, Question.bank_id == QuestionBank.id)
        .group_by(Competency.id)
        .order_by(Competency.position, Competency.code)
    )
    return [(competency, count) for competency, count in db.session.execute(stmt)]


def bank_of(competency_id: int) -> QuestionBank | None:
    return db.session.scalar(
        select(QuestionBank).where(QuestionBank.competency_id == competency_id)
    )


def _questions(competency_id: int, tag: str = ""):
    stmt = (
        select(Question)
        .join(QuestionBank, QuestionBank.id == Question.bank_id)
        .where(QuestionBank.competency_id == competency_id)
        .options(selectinload(Question.choices), selectinload(Question.tags))
        .order_by(Question.category, Question.id)
    )
    if tag:
        tagged = select(QuestionTag.question_id).where(QuestionTag.name == tag)
        stmt = stmt.where(Question.id.in_(tagged))
    return stmt


def bank_questions(bank: QuestionBank | None, *, tag: str = "") -> list[Question]:
    """The bank's questions with their choices and tags, by category then age; only those
    tagged ``tag`` when given."""
    if bank is None:
        return []
    return list(db.session.scalars(_questions(bank.competency_id, tag)))


def bank_page(competency_id: int, *, tag: str = "", per_page: int = 50):
    """One page (``?page=``) of a bank's questions, as ``bank_questions`` orders them."""
    return db.paginate(_questions(competency_id, tag), per_page=per_page, error_out=False)


def bank_tags(bank: QuestionBank | None) -> list[str]:
    if bank is None:
        return []
    stmt = (
        select(QuestionTag.name)
        .join(Question, Question.id == QuestionTag.question_id)
        .where(Question.bank_id == bank.id)
        .distinct()
        .order_by(QuestionTag.name)
    )
    return list(db.session.scalars(stmt))
