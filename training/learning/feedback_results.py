"""Feedback results in aggregate: per survey version, the Likert mean and distribution and
the free-text answers, only where at least ``MIN_RESPONSES`` responses were given.

The callers hand a SELECT of session ids (one session, a course's or a trainer's sessions,
already cut to what the viewer may read). The threshold holds per session and survey
version: a course's or a trainer's figures count only the sessions that reached it on
their own, so that no page minus another (a course minus one of its sessions) reveals the
answers of fewer than five people. Nothing below the threshold is loaded: the page and the
exports then say "belum cukup tanggapan (n < 5)". Free-text answers are listed in
alphabetical order, never in the order they came in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from training.auth.models import User
from training.extensions import db
from training.learning.feedback_models import (
    LIKERT_POINTS,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackTemplate,
)
from training.learning.feedback_services import KIND_LABELS, LIKERT_LABELS
from training.programs.models import Course
from training.sessions.models import SessionTrainer, TrainingSession

#: Results are shown from this many responses up (per survey version).
MIN_RESPONSES = 5


@dataclass
class QuestionResult:
    question: FeedbackQuestion
    answered: int = 0
    mean: float | None = None
    #: (point, count) for the points 1-5.
    counts: list[tuple[int, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def share(self, count: int) -> float:
        return 100.0 * count / self.answered if self.answered else 0.0


@dataclass
class VersionBlock:
    template: FeedbackTemplate
    #: Every response to this version among the sessions.
    responses: int
    #: Those counted: of the sessions with at least MIN_RESPONSES responses to this version.
    counted: int = 0
    #: Those sessions' ids.
    session_ids: list[int] = field(default_factory=list)
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.counted >= MIN_RESPONSES

    @property
    def left_out(self) -> int:
        return self.responses - self.counted


@dataclass
class Results:
    blocks: list[VersionBlock]

    @property
    def responses(self) -> int:
        return sum(b.responses for b in self.blocks)


def results(session_ids: Select) -> Results:
    """The results of the responses to the sessions ``session_ids`` (three statements)."""
    groups = db.session.execute(
        select(FeedbackResponse.template_id, FeedbackResponse.session_id, func.count())
        .where(FeedbackResponse.session_id.in_(session_ids))
        .group_by(FeedbackResponse.template_id, FeedbackResponse.session_id)
    ).all()
    templates = {t.id: t for t in _templates(sorted({t for t, _s, _n in groups}))}
    blocks = {t: VersionBlock(template, 0) for t, template in templates.items()}
    for template_id, session_id, n in groups:
        block = blocks[template_id]
        block.responses += n
        if n >= MIN_RESPONSES:
            block.counted += n
            block.session_ids.append(session_id)
    ordered = sorted(blocks.values(), key=lambda b: -b.template.version)
    shown = [b for b in ordered if b.enough]
    if shown:
        _fill(shown)
    return Results(ordered)


def _templates(ids: list[int]) -> list[FeedbackTemplate]:
    if not ids:
        return []
    return list(db.session.scalars(select(FeedbackTemplate).where(FeedbackTemplate.id.in_(ids))))


def _fill(blocks: list[VersionBlock]) -> None:
    counted = or_(
        *(
            and_(
                FeedbackResponse.template_id == b.template.id,
                FeedbackResponse.session_id.in_(b.session_ids),
            )
            for b in blocks
        )
    )
    rows = db.session.execute(
        select(FeedbackAnswer.question_id, FeedbackAnswer.score, FeedbackAnswer.text)
        .join(FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id)
        .where(counted)
    ).all()
    scores, texts = defaultdict(list), defaultdict(list)
    for question_id, score, text in rows:
        if score is not None:
            scores[question_id].append(score)
        elif text:
            texts[question_id].append(text)
    for block in blocks:
        block.questions = [
            _question(q, scores[q.id], texts[q.id]) for q in block.template.questions
        ]


def _question(question: FeedbackQuestion, scores: list[int], texts: list[str]) -> QuestionResult:
    if question.is_likert:
        return QuestionResult(
            question,
            answered=len(scores),
            mean=sum(scores) / len(scores) if scores else None,
            counts=[(p, scores.count(p)) for p in LIKERT_POINTS],
        )
    return QuestionResult(question, answered=len(texts), texts=sorted(texts, key=str.casefold))


# --- exports -------------------------------------------------------------------------------
def export_header() -> list[str]:
    points = [f"{p} {LIKERT_LABELS[p]}" for p in LIKERT_POINTS]
    return [
        _("Versi survei"),
        _("No."),
        _("Pertanyaan"),
        _("Jenis"),
        _("Tanggapan"),
        _("Dijawab"),
        _("Rata-rata"),
        *points,
        _("Jawaban"),
    ]


def export_rows(found: Results):
    """One row per Likert question, one per free-text answer; a version below the threshold
    gives one row saying so, and no figure."""
    empty = [""] * len(LIKERT_POINTS)
    for block in found.blocks:
        version = block.template.version
        if not block.enough:
            yield [version, "", insufficient(), "", "", "", "", *empty, ""]
            continue
        for r in block.questions:
            q = r.question
            lead = [version, q.position, q.prompt, str(KIND_LABELS[q.kind]), block.counted]
            if q.is_likert:
                mean = round(r.mean, 2) if r.mean is not None else ""
                yield [*lead, r.answered, mean, *[c for _p, c in r.counts], ""]
            else:
                for text in r.texts:
                    yield [*lead, r.answered, "", *empty, text]


def insufficient() -> str:
    return _("belum cukup tanggapan (n < %(n)d)", n=MIN_RESPONSES)


# --- what the viewer may open ----------------------------------------------------------------
def overview(clause, limit: int = 50) -> dict[str, list]:
    """The sessions, courses and trainer accounts with responses among the sessions that
    ``clause`` (a condition on TrainingSession) lets through, each with its response count:
    ``{"sessions": [(session, n)], "courses": [(course, n)], "trainers": [(user, n)]}``."""
    s, n = TrainingSession, func.count(FeedbackResponse.id)
    answered = select(s.id).join(FeedbackResponse, FeedbackResponse.session_id == s.id)
    answered = answered.where(clause).distinct()
    sessions = (
        select(s, n)
        .join(FeedbackResponse, FeedbackResponse.session_id == s.id)
        .where(s.id.in_(answered))
        .options(selectinload(s.course), selectinload(s.venue_unit))  # title and place
        .group_by(s.id)
        .order_by(s.ends_at.desc(), s.id)
        .limit(limit)
    )
    courses = (
        select(Course, n)
        .join(s, s.course_id == Course.id)
        .join(FeedbackResponse, FeedbackResponse.session_id == s.id)
        .where(s.id.in_(answered))
        .group_by(Course.id)
        .order_by(Course.program_id.desc(), Course.tier, Course.id)
        .limit(limit)
    )
    trainers = (
        select(User, n)
        .join(SessionTrainer, SessionTrainer.user_id == User.id)
        .join(FeedbackResponse, FeedbackResponse.session_id == SessionTrainer.session_id)
        .where(SessionTrainer.session_id.in_(answered))
        .group_by(User.id)
        .order_by(User.username)
        .limit(limit)
    )
    return {
        key: [tuple(row) for row in db.session.execute(stmt)]
        for key, stmt in (("sessions", sessions), ("courses", courses), ("trainers", trainers))
    }
