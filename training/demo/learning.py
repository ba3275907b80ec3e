"""Demo learning: question banks per competency, a pre-test and a post-test per course,
materials (links and a small generated PDF guide), closed attempts of people who
attended the sessions already held (so the learning gain shows), and feedback responses of
the first ten of those sessions (seven each, above the five from which results show).

Deterministic: answers and survey scores follow the person's id and the question's
position, and every instant is derived from the sessions' own times. Everything goes
through the learning services (attempts drawn, answered, graded like a real quiz; the
attempts written together, see ``_attempts``).
"""

from __future__ import annotations

import io
import random
from datetime import timedelta

from flask import current_app
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from training.assessments.framework import ensure_default_framework
from training.attendance.models import Attendance
from training.demo.learning_bank import question_data
from training.extensions import db
from training.learning import materials_services as materials
from training.learning import quiz as quizzes
from training.learning.feedback_answering import ATTENDED, submit
from training.learning.feedback_services import ensure_template
from training.learning.models import Question, Quiz
from training.learning.services import bank_for, save_question
from training.people.models import Person
from training.sessions.models import TrainingSession

#: People per course who took both tests (the first who attended, by id).
TAKERS = 30
#: Feedback responses per held session (results show from five), in the first sessions.
RESPONSES = 7
FEEDBACK_SESSIONS = 10
QUESTIONS_PER_COMPETENCY = 3
COMMENTS = (
    "Materi krisis sangat membantu, perlu lebih banyak studi kasus.",
    "Praktik membalas aduan langsung di akun latihan paling berguna.",
    "Waktu terlalu singkat untuk bagian analitik.",
    "Contoh unggahan dari Polres lain menginspirasi.",
)
MODULES = (
    (
        "Keamanan akun resmi",
        "Verifikasi centang biru, 2FA dan serah terima akses admin.",
        "https://help.instagram.com/369148866843923",
    ),
    (
        "Menjawab aduan warga",
        "Pola balasan santun dan alur tindak lanjut aduan dari mention.",
        "https://humas.polri.go.id/",
    ),
)


def seed_learning(program, admin, now) -> None:
    """Banks, quizzes, materials, attempts and feedback for the demo programme (once, with
    the programme). The caller commits."""
    for competency in ensure_default_framework():
        bank = bank_for(competency, now=now)
        for data in question_data(competency.code):
            save_question(bank, data, actor=admin, now=now)
    # the drawn questions' choices and tags at hand (held here: the session's identity map
    # keeps only what is referenced), so a draw reads no more rows
    questions = db.session.scalars(
        select(Question).options(selectinload(Question.choices), selectinload(Question.tags))
    ).all()
    held = _held_sessions(program, now)
    for course in program.courses:
        pre, post = (_quiz(course, kind) for kind in ("pre", "post"))
        _materials(course, admin, now)
        _attempts(course, pre, post, held.get(course.id, []))
    _feedback([s for sessions in held.values() for s in sessions][:FEEDBACK_SESSIONS])
    del questions


def _quiz(course, kind: str) -> Quiz:
    label = "Pre-test" if kind == "pre" else "Post-test"
    quiz = Quiz(
        course_id=course.id,
        kind=kind,
        title=f"{label} {course.title}",
        questions_per_competency=QUESTIONS_PER_COMPETENCY,
        time_limit_minutes=20,
        max_attempts=1 if kind == "pre" else 2,
    )
    db.session.add(quiz)
    db.session.flush()
    return quiz


def guide_pdf(title: str, lines: tuple[str, ...]) -> bytes:
    """A one-page PDF guide; ``invariant`` keeps its bytes the same on every run."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(title)
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(72, 770, title)
    canvas.setFont("Helvetica", 11)
    for i, line in enumerate(lines):
        canvas.drawString(72, 740 - 18 * i, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _materials(course, admin, now) -> None:
    for title, description, url in MODULES:
        module = materials.add_module(course, admin, title, description, now=now)
        materials.add_link(module, admin, f"Rujukan: {title}", url, now=now)
    pdf = guide_pdf(
        f"Panduan singkat {course.title}",
        tuple(f"{n}. {description}" for n, (_t, description, _u) in enumerate(MODULES, 1)),
    )
    materials.add_file(
        module, admin, "Panduan singkat", "panduan-singkat.pdf", io.BytesIO(pdf), now=now
    )


def _held_sessions(program, now) -> dict[int, list[TrainingSession]]:
    sessions = db.session.scalars(
        select(TrainingSession)
        .where(
            TrainingSession.course_id.in_([c.id for c in program.courses]),
            TrainingSession.ends_at <= now,
        )
        .order_by(TrainingSession.starts_at, TrainingSession.id)
    )
    found: dict[int, list[TrainingSession]] = {}
    for session in sessions:
        found.setdefault(session.course_id, []).append(session)
    return found


def _attendees(session) -> list[int]:
    return list(
        db.session.scalars(
            select(Attendance.person_id)
            .where(Attendance.session_id == session.id, Attendance.status.in_(ATTENDED))
            .order_by(Attendance.person_id)
        )
    )


def _attempts(course, pre, post, sessions) -> None:
    """The first TAKERS people who attended a held session of the course take the pre-test
    the day before their first session and the post-test after it. Each attempt is drawn,
    answered, handed in and graded by the quiz services, in memory, and all are written in
    one flush: the demo's takers meet the rules ``start_attempt`` checks (first attempt,
    members of the cycle, materials done), which are not what the demo shows."""
    first: dict[int, TrainingSession] = {}
    for session in sessions:
        for person_id in _attendees(session):
            first.setdefault(person_id, session)
    chosen = sorted(first)[:TAKERS]
    people = db.session.scalars(select(Person).where(Person.id.in_(chosen)).order_by(Person.id))
    banks = {quiz.id: quizzes.bank_questions(quiz) for quiz in (pre, post)}
    with db.session.no_autoflush:
        for person in list(people):
            session = first[person.id]
            ability = 0.35 + (person.id % 5) * 0.08
            _take(pre, banks[pre.id], person, session.starts_at - timedelta(days=1), ability)
            _take(post, banks[post.id], person, session.ends_at + timedelta(hours=2), ability + 0.3)
    db.session.flush()


def _take(quiz, bank, person, at, ability: float) -> None:
    rng = random.Random(person.id * 2 + (quiz.kind == "post"))
    drawn = quizzes.pick(bank, quiz.questions_per_competency, rng)
    attempt = quizzes.new_attempt(quiz, person.id, 1, drawn, now=at, rng=rng)
    db.session.add(attempt)
    for slot in attempt.slots:
        right = rng.random() < ability
        quizzes.save_answer(attempt, slot.position, _answer(slot, right), now=at)
    if rng.random() < 0.9:  # most hand in after 12 minutes; the others let the time run out
        quizzes.submit(attempt, now=at + timedelta(minutes=12))
    quizzes.close_attempt(attempt, now=at + timedelta(days=1))


def _answer(slot, right: bool):
    """The right answer (or a wrong one) to a single, true/false or short question."""
    choices, order = slot.snapshot["choices"], slot.choice_order
    if slot.snapshot["kind"] == "short":
        return choices[0]["text"] if right else "tidak tahu"
    good = [p for p, i in enumerate(order) if choices[i]["fraction"] > 0]
    bad = [p for p, i in enumerate(order) if choices[i]["fraction"] <= 0]
    return good[0] if right or not bad else bad[0]


def _feedback(sessions) -> None:
    """RESPONSES anonymous answers per session, the day after it ended."""
    template, window = ensure_template(), current_app.config["FEEDBACK_WINDOW_DAYS"]
    for session in sessions:
        for n, person_id in enumerate(_attendees(session)[:RESPONSES]):
            values = {}
            for q in template.questions:
                if q.is_likert:
                    values[q.id] = 3 + (person_id + q.position) % 3
                elif n % 2 == 0:
                    values[q.id] = COMMENTS[(person_id + session.id) % len(COMMENTS)]
            submit(
                session,
                person_id,
                template,
                values,
                window_days=window,
                now=session.ends_at + timedelta(days=1),
            )
