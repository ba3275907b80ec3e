"""Builders for learning gain tests: a course with competencies and its pre-/post-test, and
closed attempts with given marks per competency (slots written as a graded quiz leaves
them)."""

from datetime import UTC, datetime, timedelta

from tests.factories import make_course
from tests.learning_builders import make_competency
from training.assessments.models import CourseCompetency
from training.extensions import db
from training.learning.models import Quiz, QuizAttempt, QuizSlot

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def gain_course(codes=("AKUN", "ADUAN"), **kw):
    """A course with the competencies ``codes`` and its two quizzes: (course, pre, post,
    competencies)."""
    course = make_course(**kw)
    competencies = [make_competency(code, f"Kompetensi {code.lower()}") for code in codes]
    for competency in competencies:
        db.session.add(CourseCompetency(course_id=course.id, competency_id=competency.id))
    pre, post = make_quiz(course, "pre"), make_quiz(course, "post")
    return course, pre, post, competencies


def make_quiz(course, kind: str, cycle=None) -> Quiz:
    quiz = Quiz(
        course_id=course.id,
        cycle_id=cycle.id if cycle else None,
        kind=kind,
        title=f"{kind}-test {course.title}",
    )
    db.session.add(quiz)
    db.session.flush()
    return quiz


def closed_attempt(quiz, person, marks: dict, *, at=T0, attempt_no=1, closed=True):
    """An attempt with ``marks`` ({competency: [mark 0..1 per question]}), graded like
    ``quiz.close_attempt`` does (score = percent of all marks) when ``closed``."""
    slots, position = [], 0
    for competency, values in marks.items():
        for value in values:
            slots.append(
                QuizSlot(
                    position=position,
                    competency_id=competency.id,
                    snapshot={"kind": "truefalse", "text": f"Soal {position}", "choices": []},
                    choice_order=[],
                    mark=value if closed else None,
                )
            )
            position += 1
    every = [s.mark for s in slots]
    attempt = QuizAttempt(
        quiz=quiz,
        person_id=person.id,
        attempt_no=attempt_no,
        started_at=at,
        deadline_at=at + timedelta(minutes=30),
        closed_at=at + timedelta(minutes=20) if closed else None,
        score=round(100 * sum(every) / len(every), 2) if closed else None,
    )
    attempt.slots = slots
    db.session.add(attempt)
    db.session.flush()
    return attempt
