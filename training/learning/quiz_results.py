"""A quiz's results: every attempt of the people the viewer reads
(``policy.quiz_results``) with its person, attempt number, start, hand-in, score, level by
the course's bands and status, filtered by status, unit subtree and name or NRP; a page of
them and the export's rows.

A fixed number of statements whatever the number of people, units or attempts: the page is
one SELECT of attempts (and its count), its people and units one more, the bands one; the
export one streamed SELECT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from training.assessments.models import LEVELS
from training.core.timefmt import format_local
from training.extensions import db
from training.learning.models import Quiz, QuizAttempt
from training.learning.quiz_bands import Bands
from training.people.models import Person
from training.policy.quiz_results import results_person_clause
from training.programs.models import Course
from training.units.models import Unit, in_subtree

#: An attempt's status (the filter's values) and its label.
STATUS_LABELS = {
    "running": _l("Sedang dikerjakan"),
    "waiting": _l("Belum dinilai"),
    "graded": _l("Dinilai"),
    "timed_out": _l("Waktu habis (dinilai)"),
}
HEADER = [
    "nama",
    "nrp",
    "pangkat",
    "satuan",
    "percobaan",
    "mulai",
    "diserahkan",
    "nilai",
    "tingkat",
    "status",
]


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    #: The unit whose subtree's people are listed (None: all the viewer reads).
    unit: Unit | None = None
    #: Part of the name, or the NRP.
    text: str = ""


def all_quizzes() -> list[Quiz]:
    """Every quiz with its course and cycle, by programme, course tier, kind (pre first)."""
    stmt = (
        select(Quiz)
        .join(Course, Course.id == Quiz.course_id)
        .options(contains_eager(Quiz.course), joinedload(Quiz.cycle))
        .order_by(Course.program_id, Course.tier, Quiz.kind.desc(), Quiz.id)
    )
    return list(db.session.scalars(stmt))


def status_clause(status: str, now: datetime) -> ColumnElement[bool]:
    closed, handed_in = QuizAttempt.closed_at.is_not(None), QuizAttempt.submitted_at.is_not(None)
    return {
        "running": and_(~closed, ~handed_in, QuizAttempt.deadline_at > now),
        "waiting": and_(~closed, or_(handed_in, QuizAttempt.deadline_at <= now)),
        "graded": and_(closed, handed_in),
        "timed_out": and_(closed, ~handed_in),
    }[status]


def status_of(closed_at, submitted_at, deadline_at, now: datetime) -> str:
    """The status of an attempt with these times (``status_clause`` in Python)."""
    if closed_at is not None:
        return "graded" if submitted_at is not None else "timed_out"
    if submitted_at is not None or deadline_at <= now:
        return "waiting"
    return "running"


def attempt_status(attempt: QuizAttempt, now: datetime) -> str:
    return status_of(attempt.closed_at, attempt.submitted_at, attempt.deadline_at, now)


def _where(stmt: Select, quiz: Quiz, user, filters: Filters, now: datetime) -> Select:
    stmt = (
        stmt.join(Person, Person.id == QuizAttempt.person_id)
        .join(Unit, Unit.id == Person.unit_id)
        .where(
            QuizAttempt.quiz_id == quiz.id,
            results_person_clause(user, quiz.course_id, QuizAttempt.person_id),
        )
    )
    if filters.status in STATUS_LABELS:
        stmt = stmt.where(status_clause(filters.status, now))
    if filters.unit is not None:
        stmt = stmt.where(in_subtree(filters.unit.path))
    text = filters.text.strip()
    if text:
        stmt = stmt.where(or_(Person.full_name.ilike(f"%{text}%"), Person.nrp == text))
    return stmt.order_by(Unit.code, Person.full_name, Person.id, QuizAttempt.attempt_no)


def attempts_query(quiz: Quiz, user, filters: Filters, now: datetime) -> Select:
    """SELECT of the attempts listed (for ``db.paginate``)."""
    return _where(select(QuizAttempt), quiz, user, filters, now)


def people_of(attempts: list[QuizAttempt]) -> dict[int, tuple[Person, Unit]]:
    """The person and unit of each attempt's person (one statement)."""
    ids = {a.person_id for a in attempts}
    if not ids:
        return {}
    rows = db.session.execute(
        select(Person, Unit).join(Unit, Unit.id == Person.unit_id).where(Person.id.in_(ids))
    )
    return {person.id: (person, unit) for person, unit in rows}


def level_name(bands: Bands, score: float | None) -> str:
    return "" if score is None else LEVELS[bands.level(score)]


def export_rows(quiz: Quiz, user, filters: Filters, bands: Bands, tz: str, now: datetime):
    """The export's rows, in the page's order (one streamed statement)."""
    columns = select(
        Person.full_name,
        Person.nrp,
        Person.rank,
        Unit.name,
        QuizAttempt.attempt_no,
        QuizAttempt.started_at,
        QuizAttempt.submitted_at,
        QuizAttempt.closed_at,
        QuizAttempt.deadline_at,
        QuizAttempt.score,
    ).select_from(QuizAttempt)
    stmt = _where(columns, quiz, user, filters, now)
    for (
        name,
        nrp,
        rank,
        unit,
        no,
        started,
        submitted,
        closed,
        deadline,
        score,
    ) in db.session.execute(stmt.execution_options(yield_per=500)):
        yield [
            name,
            nrp,
            rank,
            unit,
            no,
            format_local(started, tz),
            format_local(submitted, tz) if submitted else "",
            "" if score is None else score,
            level_name(bands, score),
            str(STATUS_LABELS[status_of(closed, submitted, deadline, now)]),
        ]
