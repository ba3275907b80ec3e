"""The data of the quiz load benchmark (bench/load_quiz.py): a tier-3 course assessing four
competencies, a question bank per competency (every kind: single and multiple choice,
true/false, short answer, matching), a post-test drawing 5 questions from each bank (20 in
all by default, 30 minutes, one attempt) and a pre-test like it (the side-by-side capacity
run answers it), an ended session of the course with every participant enrolled (people of
many Polsek, varied ranks and positions, standing already computed as at enrolment), and an
account per participant.

Built from scratch on an empty database (a fresh PostgreSQL database): the answer path reads
and writes one attempt's rows by key, so it needs no national-scale data. Accounts get a
cheap password hash, as in bench/load_morning.py (the benchmark does log every participant
in, within the measured traffic, but scrypt would only measure the login).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bench.load_burst_data import _units, add_participants, load_session
from bench.load_morning import PASSWORD
from training.assessments.models import Competency, CourseCompetency
from training.extensions import db
from training.learning.bankdata import ChoiceData, Kind, QuestionData, true_false_choices
from training.learning.models import Quiz
from training.learning.services import bank_for, save_question
from training.programs.models import Course, Program

COMPETENCIES = ("KUIS-AKUN", "KUIS-ADUAN", "KUIS-KONTEN", "KUIS-KRISIS")
BANK_DEPTH = 12  # questions per bank: each attempt draws a different 5
TIME_LIMIT_MINUTES = 30
__all__ = ["PASSWORD", "QuizWorld", "build", "question"]


@dataclass
class QuizWorld:
    """What the clients need: the quizzes' ids and every participant's username."""

    post_quiz: int  # the post-test every participant takes
    pre_quiz: int  # answered by the side-by-side capacity run
    participants: list[str]
    questions: int  # per attempt


def question(code: str, n: int) -> QuestionData:
    """Question ``n`` of competency ``code``'s bank; the kinds come round in turn."""
    text = f"{code} soal {n}: langkah yang tepat untuk akun resmi satuan?"
    kind = n % 6
    if kind in (0, 1):
        choices = [ChoiceData(f"benar {n}", 100.0, "Tepat.")]
        choices += [ChoiceData(f"salah {n}{x}", 0.0, "Kurang tepat.") for x in "abc"]
        return QuestionData(Kind.SINGLE, text, choices=choices)
    if kind == 2:
        choices = [ChoiceData(f"benar {n}a", 50.0), ChoiceData(f"benar {n}b", 50.0)]
        choices += [ChoiceData(f"salah {n}{x}", -50.0) for x in "cd"]
        return QuestionData(Kind.MULTIPLE, text, choices=choices)
    if kind == 3:
        return QuestionData(Kind.TRUEFALSE, text, choices=true_false_choices(n % 2 == 0))
    if kind == 4:
        choices = [ChoiceData("verifikasi", 100.0), ChoiceData("verif*", 50.0)]
        return QuestionData(Kind.SHORT, text, choices=choices)
    pairs = [("Aduan", "Tindak lanjut"), ("Hoaks", "Klarifikasi"), ("Sandi", "Ganti berkala")]
    choices = [ChoiceData(f"{item} {n}", 100.0, match_text=match) for item, match in pairs]
    return QuestionData(Kind.MATCHING, text, choices=choices)


def _course(now: datetime) -> Course:
    program = Program(title="Beban kuis", starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31))
    course = Course(
        program=program,
        tier=3,
        title="Tingkat 3 (kuis)",
        target_positions=["kapolsek", "wakapolsek"],
        target_levels=["polsek"],
    )
    db.session.add_all([program, course])
    db.session.flush()
    for position, code in enumerate(COMPETENCIES):
        competency = Competency(
            code=code, name=f"Kompetensi {code.lower()}", description="", position=position
        )
        db.session.add(competency)
        db.session.flush()
        db.session.add(CourseCompetency(course_id=course.id, competency_id=competency.id))
        bank = bank_for(competency, now=now)
        for n in range(BANK_DEPTH):
            save_question(bank, question(code, n), now=now)
    return course


def build(
    people: int, questions: int = 20, polsek_count: int = 50, now: datetime | None = None
) -> QuizWorld:
    """Add the benchmark's data (inside an app context) and commit; ``questions`` per
    attempt, drawn evenly from the four banks."""
    per_competency, rest = divmod(questions, len(COMPETENCIES))
    if rest or not 0 < per_competency <= BANK_DEPTH:
        raise ValueError(f"questions: a multiple of 4 up to {4 * BANK_DEPTH}, not {questions}")
    now = now or datetime.now(UTC)
    units = _units(polsek_count)
    course = _course(now)
    started = now - timedelta(days=1, hours=3)  # ended yesterday
    session = load_session(course, units, people, "Kelas kuis", started, now)
    quizzes = [
        Quiz(
            course_id=course.id,
            kind=kind,
            title=f"{title} Tingkat 3",
            questions_per_competency=per_competency,
            time_limit_minutes=TIME_LIMIT_MINUTES,
            max_attempts=1,
        )
        for kind, title in (("post", "Post-test"), ("pre", "Pre-test"))
    ]
    db.session.add_all([session, *quizzes])
    db.session.flush()
    ids, names = add_participants(units, [session], people, "Kuis", 70000000, "kuis", now)
    from training.standing.engine import refresh_standing

    refresh_standing(course, ids, now=now)  # "in progress", as enrolment leaves it
    db.session.commit()
    return QuizWorld(quizzes[0].id, quizzes[1].id, names, questions)
