"""Builders of quiz worlds: a tier-3 course assessing two competencies whose banks hold
single-choice questions (the right answer written first, "benar ..."), a session of it in
a Polsek's Polres with participants enrolled, and its pre- and post-test."""

from datetime import UTC, datetime, timedelta

from tests.factories import enrol, make_course, make_person, make_session, make_tree, make_user
from tests.learning_builders import make_competency, single
from training.assessments.models import CourseCompetency
from training.extensions import db
from training.learning.models import Quiz
from training.learning.services import bank_for, save_question

T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
CODES = ("AKUN", "ADUAN")


def make_quiz(course, kind: str = "post", **kw) -> Quiz:
    kw.setdefault("title", f"{'Post' if kind == 'post' else 'Pre'}-test {course.title}")
    kw.setdefault("questions_per_competency", 4)
    kw.setdefault("time_limit_minutes", 20)
    quiz = Quiz(course_id=course.id, kind=kind, **kw)
    db.session.add(quiz)
    db.session.flush()
    return quiz


def bank_course(codes=CODES, questions: int = 4, **course_kw):
    """A tier-3 course assessing ``codes`` (weight 1 each), each bank ``questions`` deep."""
    course = make_course(tier=3, title=course_kw.pop("title", "Tingkat 3 Polsek"), **course_kw)
    for code in codes:
        competency = make_competency(code, f"Kompetensi {code.lower()}")
        db.session.add(CourseCompetency(course_id=course.id, competency_id=competency.id))
        bank = bank_for(competency)
        for n in range(questions):
            save_question(
                bank, single(f"{code} soal {n}", f"benar {code} {n}", f"salah {n}a", f"salah {n}b")
            )
    db.session.flush()
    return course


def make_quiz_world(**quiz_kw) -> dict:
    """The course, its session (ended, in polres_a), two enrolled participants of polsek_a
    with accounts, one participant of polsek_b not enrolled, and the pre- and post-test."""
    tree = make_tree()
    course = bank_course()
    session = make_session(course, tree["polres_a"], audience_unit=tree["polres_a"])
    rina = make_person(tree["polsek_a"], full_name="Rina Wulandari", rank="Brigpol")
    agus = make_person(tree["polsek_a"], full_name="Agus Salim", rank="Bripka")
    outsider = make_person(tree["polsek_b"], full_name="Yohanes Wenda", rank="Ipda")
    for person in (rina, agus):
        enrol(session, person)
    users = {
        "rina": make_user(username="rina_kuis", person=rina),
        "agus": make_user(username="agus_kuis", person=agus),
        "outsider": make_user(username="yohanes_kuis", person=outsider),
        "trainer": make_user(("trainer",), username="pelatih_kuis"),
    }
    world = {
        "tree": tree,
        "course": course,
        "session": session,
        "people": {"rina": rina, "agus": agus, "outsider": outsider},
        "users": users,
        "pre": make_quiz(course, "pre", **quiz_kw),
        "post": make_quiz(course, "post", **quiz_kw),
    }
    db.session.commit()
    return world


def right_position(slot) -> int:
    """The shown position of the right answer (the bank's first choice)."""
    return slot.choice_order.index(0)


def wrong_position(slot) -> int:
    return slot.choice_order.index(1)


def later(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)
