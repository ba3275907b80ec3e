"""seed-demo's learning data: a question bank per competency, a pre- and post-test per
course, materials with a generated PDF, closed attempts that show a learning gain, and
feedback results above the five-response threshold; the same on every run."""

from sqlalchemy import func, select

from tests.test_demo_programme import NOW, seed_at
from training.learning.feedback_models import FeedbackResponse
from training.learning.feedback_results import MIN_RESPONSES, results
from training.learning.gain import course_gain
from training.learning.materials_models import MaterialItem
from training.learning.models import Question, QuestionBank, Quiz, QuizAttempt
from training.policy.scope import Scope
from training.programs.models import Program
from training.sessions.models import TrainingSession
from training.units.models import Unit

#: Attempts, their total score and the lowest score of the demo seeded at NOW.
SCORES = (120, 7994.38, 27.78)


def _program(db) -> Program:
    return db.session.scalar(select(Program))


def test_demo_has_a_bank_per_competency_and_two_tests_per_course(app, db):
    seed_at(app)
    program = _program(db)

    per_bank = db.session.execute(
        select(QuestionBank.competency_id, func.count(Question.id))
        .join(Question, Question.bank_id == QuestionBank.id)
        .group_by(QuestionBank.competency_id)
    ).all()
    quizzes = {(q.course_id, q.kind) for q in db.session.scalars(select(Quiz))}

    assert len(per_bank) == 6 and all(n == 4 for _c, n in per_bank)
    assert quizzes == {(c.id, kind) for c in program.courses for kind in ("pre", "post")}


def test_demo_materials_hold_links_and_a_generated_pdf(app, db):
    seed_at(app)

    kinds = db.session.execute(
        select(MaterialItem.kind, MaterialItem.content_type, func.count()).group_by(
            MaterialItem.kind, MaterialItem.content_type
        )
    ).all()

    assert sorted((str(k), t, n) for k, t, n in kinds) == [
        ("file", "application/pdf", 3),
        ("link", "", 6),
    ]


def test_demo_attempts_show_a_learning_gain_on_the_held_tiers(app, db):
    seed_at(app)
    program = _program(db)
    root = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)))
    tier1, tier2, tier3 = program.courses

    gains = {c.tier: course_gain(c, Scope(everything=True), root) for c in (tier1, tier2, tier3)}

    assert gains[1].overall.people == 30 and gains[2].overall.people == 30
    assert gains[3].overall.people == 0  # nothing held yet
    assert all(g.overall.gain > 15 for g in (gains[1], gains[2]))
    assert len(gains[1].competencies) == 6 and gains[1].trainers and gains[1].units
    assert db.session.scalar(select(func.count()).where(QuizAttempt.closed_at.is_(None))) == 0


def test_demo_feedback_shows_results_for_held_sessions(app, db):
    seed_at(app)
    answered = select(FeedbackResponse.session_id).distinct()

    found = results(answered)
    per_session = db.session.execute(
        select(FeedbackResponse.session_id, func.count()).group_by(FeedbackResponse.session_id)
    ).all()
    held = db.session.scalar(
        select(func.count()).where(TrainingSession.ends_at <= NOW, TrainingSession.id.in_(answered))
    )

    assert per_session and all(n >= MIN_RESPONSES for _s, n in per_session)
    assert held == len(per_session)
    assert found.blocks[0].enough and found.blocks[0].questions[0].mean is not None


def test_demo_attempts_are_deterministic(app, db):
    seed_at(app)

    rows = db.session.execute(
        select(func.count(), func.sum(QuizAttempt.score), func.min(QuizAttempt.score))
    ).one()

    assert (rows[0], round(rows[1], 2), rows[2]) == SCORES
