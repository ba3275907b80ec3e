"""Answering the feedback survey once, after a session, inside its window.

A participant who attended a session (marked present or late) answers its survey once, from
the moment the session is over (lifecycle stage Selesai or Ditandatangani) until
``window_days`` after its end. The answers are stored without the person
(``FeedbackResponse``, dated by the day only); a ``FeedbackReceipt`` says only that the
person answered. No audit entry is written (it would say who answered when). Nothing here
commits.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select

from training.attendance.models import Attendance, AttendanceStatus
from training.errors import RuleViolation
from training.extensions import db
from training.learning.feedback_models import (
    LIKERT_POINTS,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackReceipt,
    FeedbackResponse,
)
from training.learning.feedback_services import current_template
from training.sessions.lifecycle import Stage, stage, stage_clause
from training.sessions.models import TrainingSession

#: Marks that count as having attended.
ATTENDED = (AttendanceStatus.HADIR.value, AttendanceStatus.TERLAMBAT.value)


def _open_clause(now: datetime, window_days: int):
    """SQL on TrainingSession: over (Selesai or Ditandatangani) and inside the window."""
    s = TrainingSession
    return (
        or_(stage_clause(Stage.ENDED, now), stage_clause(Stage.SIGNED, now)),
        s.ends_at >= now - timedelta(days=window_days),
    )


def awaiting_feedback(person_id: int | None, now: datetime, window_days: int, limit: int = 5):
    """The sessions the person attended whose survey is open and not answered yet, newest
    first (one statement)."""
    if person_id is None:
        return []
    s = TrainingSession
    answered = select(FeedbackReceipt.session_id).where(FeedbackReceipt.person_id == person_id)
    stmt = (
        select(s)
        .join(Attendance, Attendance.session_id == s.id)
        .where(
            Attendance.person_id == person_id,
            Attendance.status.in_(ATTENDED),
            s.id.not_in(answered),
            *_open_clause(now, window_days),
        )
        .order_by(s.ends_at.desc(), s.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def closes_at(session: TrainingSession, window_days: int) -> datetime:
    return session.ends_at + timedelta(days=window_days)


def has_answered(session: TrainingSession, person_id: int) -> bool:
    return db.session.get(FeedbackReceipt, (session.id, person_id)) is not None


def attended(session: TrainingSession, person_id: int | None) -> bool:
    """Whether the person is marked present (or late) in the session."""
    if person_id is None:
        return False
    mark = db.session.scalar(
        select(Attendance.status).where(
            Attendance.session_id == session.id, Attendance.person_id == person_id
        )
    )
    return mark in ATTENDED


def refusal(session: TrainingSession, person_id: int | None, now, window_days: int) -> str | None:
    """Why the person may not answer the session's survey now (in words), or None."""
    if not attended(session, person_id):
        return _("Umpan balik hanya diisi oleh peserta yang hadir di sesi ini.")
    if has_answered(session, person_id):
        return _("Anda sudah mengisi umpan balik sesi ini. Terima kasih.")
    if stage(session, now) not in (Stage.ENDED, Stage.SIGNED):
        return _("Umpan balik dibuka setelah sesi selesai.")
    if now > closes_at(session, window_days):
        return _("Masa pengisian umpan balik sesi ini sudah berakhir.")
    return None


def submit(session, person_id: int, template, values: dict, *, window_days: int, now=None):
    """Store one anonymous response (``values``: question id → score or text) and the
    person's receipt; RuleViolation when they may not answer or a required answer is
    missing or a score is out of range."""
    now = now or datetime.now(UTC)
    reason = refusal(session, person_id, now, window_days)
    if reason:
        raise RuleViolation(reason)
    if template.id != getattr(current_template(), "id", None):
        raise RuleViolation(_("Survei baru saja diubah; muat ulang halaman lalu isi lagi."))
    response = FeedbackResponse(
        session_id=session.id, template_id=template.id, submitted_on=now.date()
    )
    for question in template.questions:
        response.answers.extend(_answer(question, values.get(question.id)))
    db.session.add(response)
    db.session.add(FeedbackReceipt(session_id=session.id, person_id=person_id))
    db.session.flush()
    return response


def _answer(question: FeedbackQuestion, value) -> list[FeedbackAnswer]:
    if question.is_likert:
        if value in (None, ""):
            return _missing(question)
        score = int(value) if str(value).isdigit() else None
        if score not in LIKERT_POINTS:
            raise RuleViolation(_("Pilih nilai 1 sampai 5."))
        return [FeedbackAnswer(question_id=question.id, score=score)]
    text = (value or "").strip()
    if not text:
        return _missing(question)
    return [FeedbackAnswer(question_id=question.id, text=text)]


def _missing(question: FeedbackQuestion) -> list:
    if question.is_required:
        raise RuleViolation(_("Pertanyaan wajib belum dijawab: %(q)s", q=question.prompt))
    return []
