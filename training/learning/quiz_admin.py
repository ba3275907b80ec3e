"""Setting up a course's quizzes: create and change a pre- or post-test (of the course, or of
one cycle for an online refresher). Every change is audited; nothing here commits."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from training.audit.services import fields_of, record, record_update
from training.errors import RuleViolation
from training.extensions import db
from training.learning.models import Quiz
from training.programs.models import Cycle

FIELDS = (
    "kind",
    "title",
    "cycle_id",
    "questions_per_competency",
    "time_limit_minutes",
    "max_attempts",
    "is_active",
)
KINDS = ("pre", "post")

#: The audit page's names of the fields of quiz, attempt and band entries.
FIELD_LABELS = {
    "cycle_id": _l("Siklus"),
    "questions_per_competency": _l("Soal per kompetensi"),
    "time_limit_minutes": _l("Batas waktu (menit)"),
    "max_attempts": _l("Jumlah percobaan"),
    "quiz": _l("Kuis"),
    "attempt_no": _l("Percobaan ke"),
    "deadline_at": _l("Batas waktu"),
    "question_no": _l("Nomor soal"),
    "score": _l("Nilai (%)"),
    "levels": _l("Tingkat kompetensi"),
    "min_cukup": _l("Nilai terendah Cukup (%)"),
    "min_baik": _l("Nilai terendah Baik (%)"),
    "min_baik_sekali": _l("Nilai terendah Baik Sekali (%)"),
    "min_istimewa": _l("Nilai terendah Istimewa (%)"),
}


def quizzes_of(course_id: int) -> list[Quiz]:
    stmt = select(Quiz).where(Quiz.course_id == course_id).order_by(Quiz.kind.desc(), Quiz.id)
    return list(db.session.scalars(stmt))


def cycles_of(course) -> list[Cycle]:
    """The cycles of the course's programme (a refresher's quiz belongs to one)."""
    stmt = select(Cycle).where(Cycle.program_id == course.program_id).order_by(Cycle.number)
    return list(db.session.scalars(stmt))


def _fill(quiz: Quiz, course, values: dict) -> None:
    if values["kind"] not in KINDS:
        raise RuleViolation(_("Jenis kuis harus pre-test atau post-test."))
    if values["cycle_id"] and values["cycle_id"] not in {c.id for c in cycles_of(course)}:
        raise RuleViolation(_("Siklus ini bukan siklus program kursus ini."))
    for field in FIELDS:
        setattr(quiz, field, values[field])
    quiz.title = values["title"].strip()
    quiz.cycle_id = values["cycle_id"] or None


def create_quiz(course, values: dict, *, actor=None, now=None) -> Quiz:
    quiz = Quiz(course_id=course.id)
    _fill(quiz, course, values)
    db.session.add(quiz)
    db.session.flush()
    after = fields_of(quiz, FIELDS)
    record(
        "quiz",
        "create",
        user=actor,
        entity_id=quiz.id,
        course_id=course.id,
        after=after,
        now=now or datetime.now(UTC),
    )
    return quiz


def update_quiz(quiz: Quiz, values: dict, *, actor=None, now=None) -> bool:
    """Change the quiz (attempts already started keep their questions and deadline)."""
    before = fields_of(quiz, FIELDS)
    _fill(quiz, quiz.course, values)
    db.session.flush()
    return record_update(
        "quiz",
        before,
        fields_of(quiz, FIELDS),
        user=actor,
        entity_id=quiz.id,
        course_id=quiz.course_id,
        now=now or datetime.now(UTC),
    )
