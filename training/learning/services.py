"""Use cases of the question bank: the bank of a competency, saving and deleting a question.

Imports and exports are in ``bankio.py``. Services never commit; the views do.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from training.audit.services import record, record_update
from training.errors import RuleViolation
from training.extensions import db
from training.learning.bankdata import ChoiceData, Kind, QuestionData, problems
from training.learning.models import Question, QuestionBank, QuestionChoice, QuestionTag

#: The audit page's names of the fields of question and bank entries ("kind", "name" shared).
FIELD_LABELS = {
    "text": _l("Teks soal"),
    "category": _l("Kategori"),
    "tags": _l("Tag"),
    "answers": _l("Jawaban"),
    "format": _l("Format berkas"),
    "added": _l("Soal ditambahkan"),
    "left_out": _l("Soal yang sudah ada"),
}


def bank_for(competency, *, now: datetime | None = None) -> QuestionBank:
    """The bank of ``competency``, created (and flushed) on first use."""
    bank = db.session.scalar(
        select(QuestionBank).where(QuestionBank.competency_id == competency.id)
    )
    if bank is None:
        bank = QuestionBank(competency_id=competency.id, created_at=now or datetime.now(UTC))
        db.session.add(bank)
        db.session.flush()
    return bank


def to_data(question: Question) -> QuestionData:
    """A stored question as plain data (for the form, the writers and quizzes)."""
    return QuestionData(
        kind=Kind(question.kind),
        text=question.text,
        name=question.name,
        general_feedback=question.general_feedback,
        category=question.category,
        tags=[tag.name for tag in question.tags],
        choices=[
            ChoiceData(c.text, c.fraction, c.feedback, c.match_text) for c in question.choices
        ],
        case_sensitive=question.case_sensitive,
    )


def _snapshot(data: QuestionData) -> dict:
    answers = [
        f"{c.text}{' -> ' + c.match_text if c.match_text else ''} ({c.fraction:g}%)"
        for c in data.choices
    ]
    return {
        "kind": str(data.kind),
        "name": data.name,
        "text": data.text,
        "category": data.category,
        "tags": list(data.tags),
        "answers": answers,
    }


def fill(question: Question, data: QuestionData) -> None:
    """Copy ``data`` onto ``question``: its fields, choices in order and tags."""
    question.kind = str(data.kind)
    question.name = data.name.strip()
    question.text = data.text.strip()
    question.general_feedback = data.general_feedback.strip()
    question.category = data.category.strip()
    question.case_sensitive = data.case_sensitive and data.kind is Kind.SHORT
    question.choices = [
        QuestionChoice(
            position=i,
            text=c.text.strip(),
            fraction=float(c.fraction),
            feedback=c.feedback.strip(),
            match_text=c.match_text.strip(),
        )
        for i, c in enumerate(data.choices)
    ]
    kept = {tag.name: tag for tag in question.tags}  # a tag kept is not deleted and re-added
    question.tags = [kept.get(name) or QuestionTag(name=name) for name in dict.fromkeys(data.tags)]


def save_question(
    bank: QuestionBank,
    data: QuestionData,
    *,
    question: Question | None = None,
    actor=None,
    now: datetime | None = None,
) -> Question:
    """Add ``data`` to ``bank``, or change ``question`` to it; refused with the problems in
    words when the question is incomplete. The caller commits."""
    found = problems(data)
    if found:
        raise RuleViolation(" ".join(found))
    now = now or datetime.now(UTC)
    before = _snapshot(to_data(question)) if question is not None else None
    if question is None:
        question = Question(bank=bank, created_at=now, created_by_id=getattr(actor, "id", None))
        db.session.add(question)
    fill(question, data)
    question.updated_at = now
    db.session.flush()
    after = _snapshot(data)
    if before is None:
        record("question", "create", user=actor, entity_id=question.id, after=after)
    else:
        record_update("question", before, after, user=actor, entity_id=question.id)
    return question


def delete_question(question: Question, *, actor=None) -> None:
    """Remove a question from its bank (recorded with what it said). The caller commits."""
    before = _snapshot(to_data(question))
    record("question", "delete", user=actor, entity_id=question.id, before=before)
    db.session.delete(question)
    db.session.flush()
