"""The feedback survey's template: the default one, and its versions.

A version that has been answered is frozen; the first change after that copies it into a
new version, which takes the change (``editable_template``), so answers keep pointing at the
questions they answered. Every change writes its audit entry; nothing here commits.
Answering is ``feedback_answering``; results ``feedback_results``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from training.audit.services import fields_of, record
from training.errors import RuleViolation
from training.extensions import db
from training.learning.feedback_models import (
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackTemplate,
    QuestionKind,
)

#: The words of the Likert points (1-5).
LIKERT_LABELS = {
    1: _l("Sangat tidak setuju"),
    2: _l("Tidak setuju"),
    3: _l("Ragu-ragu"),
    4: _l("Setuju"),
    5: _l("Sangat setuju"),
}
KIND_LABELS = {QuestionKind.LIKERT: _l("Skala 1–5"), QuestionKind.TEXT: _l("Isian bebas")}

#: The first version, seeded by the migration and made here when a database has none.
DEFAULT_TITLE = "Umpan balik sesi pelatihan"
DEFAULT_QUESTIONS = (
    (QuestionKind.LIKERT, "Materi pelatihan relevan dengan tugas saya.", True),
    (QuestionKind.LIKERT, "Pelatih menyampaikan materi dengan jelas.", True),
    (QuestionKind.LIKERT, "Waktu pelatihan cukup untuk memahami dan mempraktikkan materi.", True),
    (
        QuestionKind.LIKERT,
        "Saya akan menerapkan materi ini dalam mengelola akun media sosial satuan saya.",
        True,
    ),
    (QuestionKind.TEXT, "Saran untuk perbaikan pelatihan berikutnya.", False),
)
QUESTION_FIELDS = ("position", "kind", "prompt", "is_required")


def _now(now):
    return now or datetime.now(UTC)


# --- the template ----------------------------------------------------------------------------
def current_template() -> FeedbackTemplate | None:
    """The highest version (the one participants answer now)."""
    return db.session.scalar(
        select(FeedbackTemplate).order_by(FeedbackTemplate.version.desc()).limit(1)
    )


def ensure_template(*, now=None) -> FeedbackTemplate:
    """The current version; the default one is made (and flushed) when there is none."""
    template = current_template()
    if template is None:
        template = FeedbackTemplate(version=1, title=DEFAULT_TITLE, created_at=_now(now))
        for position, (kind, prompt, required) in enumerate(DEFAULT_QUESTIONS, 1):
            template.questions.append(
                FeedbackQuestion(position=position, kind=kind, prompt=prompt, is_required=required)
            )
        db.session.add(template)
        db.session.flush()
    return template


def is_answered(template: FeedbackTemplate) -> bool:
    stmt = select(exists().where(FeedbackResponse.template_id == template.id))
    return bool(db.session.scalar(stmt))


def editable_template(user, *, now=None) -> FeedbackTemplate:
    """The current version if nobody answered it yet, else a new version copied from it."""
    now = _now(now)
    current = ensure_template(now=now)
    if not is_answered(current):
        return current
    copy = FeedbackTemplate(
        version=current.version + 1, title=current.title, created_by_id=user.id, created_at=now
    )
    for q in current.questions:
        copy.questions.append(
            FeedbackQuestion(
                position=q.position, kind=q.kind, prompt=q.prompt, is_required=q.is_required
            )
        )
    db.session.add(copy)
    db.session.flush()
    record(
        "feedback_template",
        "create",
        user=user,
        entity_id=copy.id,
        before={"version": current.version},
        after={"version": copy.version},
        now=now,
    )
    return copy


def _same_question(question: FeedbackQuestion, user, now) -> FeedbackQuestion:
    """``question`` of the current version, in the version the change goes to."""
    current = current_template()
    if current is None or question.template_id != current.id:
        raise RuleViolation(_("Pertanyaan ini milik versi lama survei; muat ulang halaman."))
    template = editable_template(user, now=now)
    return next(q for q in template.questions if q.position == question.position)


def _audit(question: FeedbackQuestion, user, action: str, before, after, now) -> None:
    record(
        "feedback_question",
        action,
        user=user,
        entity_id=question.id,
        before=before,
        after=after,
        now=now,
    )


def add_question(user, kind: str, prompt: str, is_required: bool, *, now=None):
    """Append a question to the survey (to a new version when the current one was answered)."""
    now = _now(now)
    template = editable_template(user, now=now)
    question = FeedbackQuestion(
        position=len(template.questions) + 1,
        kind=QuestionKind(kind),
        prompt=prompt.strip(),
        is_required=is_required,
    )
    template.questions.append(question)
    db.session.flush()
    _audit(question, user, "create", None, fields_of(question, QUESTION_FIELDS), now)
    return question


def edit_question(question, user, kind: str, prompt: str, is_required: bool, *, now=None):
    now = _now(now)
    question = _same_question(question, user, now)
    before = fields_of(question, QUESTION_FIELDS)
    question.kind, question.prompt = QuestionKind(kind), prompt.strip()
    question.is_required = is_required
    db.session.flush()
    _audit(question, user, "update", before, fields_of(question, QUESTION_FIELDS), now)
    return question


def move_question(question, user, direction: str, *, now=None) -> None:
    """Swap the question with its neighbour above ("up") or below ("down")."""
    now = _now(now)
    question = _same_question(question, user, now)
    questions = question.template.questions
    index = questions.index(question) + (-1 if direction == "up" else 1)
    if not 0 <= index < len(questions):
        return
    other = questions[index]
    before = fields_of(question, QUESTION_FIELDS)
    question.position, other.position = other.position, question.position
    db.session.flush()
    _audit(question, user, "update", before, fields_of(question, QUESTION_FIELDS), now)
    db.session.expire(question.template, ["questions"])


def remove_question(question, user, *, now=None) -> None:
    now = _now(now)
    question = _same_question(question, user, now)
    template = question.template
    if len(template.questions) == 1:
        raise RuleViolation(_("Survei harus memiliki paling sedikit satu pertanyaan."))
    before = fields_of(question, QUESTION_FIELDS)
    _audit(question, user, "delete", before, None, now)
    template.questions.remove(question)
    db.session.flush()
    for position, q in enumerate(template.questions, 1):
        q.position = position
    db.session.flush()
