"""Grading quiz attempts (the job's work): score bands per course, a graded post-test as an
assessment attempt (source "quiz") that moves standing, a pre-test that moves nothing,
idempotent grading, the minute job's choice of attempts, and the materials required first."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.drill_factories import mark_present
from tests.factories import make_user, sign_off_roll_call
from tests.quiz_factories import later, make_quiz_world, right_position, wrong_position
from training.assessments import queries
from training.assessments.grid import save_grid
from training.assessments.models import AssessmentAttempt, Competency, CourseCompetency
from training.audit.models import AuditEntry
from training.certificates.services import eligible_people
from training.errors import RuleViolation
from training.learning import materials_services, quiz, quiz_taking
from training.learning.materials_progress import mark_done
from training.learning.quiz_bands import DEFAULT, Bands, bands_of, check, save_bands
from training.learning.quiz_grading import QUIZ_SOURCE, grade, grade_due
from training.policy.scope import scope_of
from training.programs.models import CourseStatus


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, 1),
        (49.99, 1),
        (50, 2),
        (64.9, 2),
        (65, 3),
        (79.5, 3),
        (80, 4),
        (89, 4),
        (90, 5),
        (100, 5),
    ],
)
def test_the_default_bands_map_a_score_to_its_level(score, level):
    assert DEFAULT.level(score) == level


def test_a_course_sets_its_own_bands_and_they_are_audited(db):
    world = make_quiz_world()
    course, trainer = world["course"], world["users"]["trainer"]

    assert save_bands(course, (40, 55, 70, 85), actor=trainer) is True
    db.session.commit()

    assert bands_of(course.id) == Bands(40, 55, 70, 85)
    assert bands_of(course.id).level(54) == 2 and bands_of(course.id).level(85) == 5
    assert bands_of(course.id).ranges()[0] == (1, 0, 39)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "quiz_bands"))
    assert entry.after == {
        "min_cukup": 40,
        "min_baik": 55,
        "min_baik_sekali": 70,
        "min_istimewa": 85,
    }
    assert save_bands(course, (40, 55, 70, 85), actor=trainer) is False  # nothing changed


@pytest.mark.parametrize(
    "values", [(50, 50, 70, 90), (0, 40, 60, 80), (40, 60, 80, 101), (90, 80, 70, 60)]
)
def test_bands_must_rise_from_above_zero_to_at_most_100(values):
    with pytest.raises(RuleViolation, match="harus naik"):
        check(values)


def _take(world, kind, person="rina", *, right: dict | None = None, submit_at=5):
    """Start the quiz at T0 and answer: right for the competencies in ``right`` (code →
    how many right), wrong otherwise; hand it in ``submit_at`` minutes later."""
    person = world["people"][person]
    user = world["users"]["rina"]
    attempt = quiz_taking.begin(world[kind], person, user, now=later(0))
    codes = {c.id: c.code for c in Competency.query}
    given = {}
    for slot in attempt.slots:
        code = codes[slot.competency_id]
        wanted = (right or {}).get(code, 0)
        ok = given.get(code, 0) < wanted
        given[code] = given.get(code, 0) + ok
        position = right_position(slot) if ok else wrong_position(slot)
        quiz_taking.answer_all(attempt, {slot.position: position}, user, now=later(1))
    quiz_taking.hand_in(attempt, user, now=later(submit_at))
    return attempt


def test_a_graded_post_test_becomes_a_quiz_attempt_of_the_course_and_moves_standing(db):
    world = make_quiz_world()
    course, rina = world["course"], world["people"]["rina"]
    mark_present(world["session"], rina)
    attempt = _take(world, "post", right={"AKUN": 4, "ADUAN": 3})  # 100% and 75%

    grade(attempt.id, now=later(6))
    db.session.commit()

    akun, aduan = (Competency.query.filter_by(code=c).one().id for c in ("AKUN", "ADUAN"))
    assert attempt.score == 87.5 and attempt.closed_at == later(5)
    assert attempt.levels == {str(akun): 5, str(aduan): 3}
    latest = queries.latest_attempts(course.id, [rina.id])[rina.id]
    assert latest.levels == {akun: 5, aduan: 3}
    assessment = db.session.get(AssessmentAttempt, latest.attempt_id)
    assert (assessment.source, assessment.note) == (QUIZ_SOURCE, f"Post-test #{attempt.id}")
    assert "nilai 75%" in latest.evidence[aduan]
    status = db.session.scalar(select(CourseStatus).where(CourseStatus.person_id == rina.id))
    assert (status.status, float(status.average_level)) == ("completed", 4.0)
    actions = set(db.session.execute(select(AuditEntry.entity, AuditEntry.action)).all())
    assert {("quiz_attempt", "start"), ("quiz_attempt", "save_answer")} <= actions
    assert {("quiz_attempt", "submit"), ("quiz_attempt", "grade")} <= actions
    assert ("assessment", "create") in actions


def test_a_post_test_keeps_the_levels_of_competencies_it_did_not_measure(db):
    world = make_quiz_world()
    course, rina, trainer = world["course"], world["people"]["rina"], world["users"]["trainer"]
    other = Competency(code="ETIKA", name="Etika", position=9, is_active=True)
    db.session.add(other)
    db.session.flush()
    db.session.add(CourseCompetency(course_id=course.id, competency_id=other.id))
    db.session.flush()
    save_grid(course, [{"person_id": rina.id, "levels": {other.id: "4"}}], actor=trainer)
    attempt = _take(world, "post", right={"AKUN": 2, "ADUAN": 0})  # 50% and 0%

    grade(attempt.id, now=later(6))

    latest = queries.latest_attempts(course.id, [rina.id])[rina.id]
    codes = {c.id: c.code for c in Competency.query}
    assert {codes[c]: lv for c, lv in latest.levels.items()} == {"AKUN": 2, "ADUAN": 1, "ETIKA": 4}
    assert latest.attempt_no == 2


def test_a_graded_pre_test_keeps_its_levels_but_records_no_assessment(db):
    world = make_quiz_world()
    attempt = _take(world, "pre", right={"AKUN": 4, "ADUAN": 4})

    grade(attempt.id, now=later(6))
    db.session.commit()

    assert attempt.score == 100.0 and set(attempt.levels.values()) == {5}
    assert db.session.scalar(select(func.count()).select_from(AssessmentAttempt)) == 0
    assert db.session.scalar(select(func.count()).select_from(CourseStatus)) == 0


def test_grading_twice_records_one_assessment(db):
    world = make_quiz_world()
    attempt = _take(world, "post", right={"AKUN": 4, "ADUAN": 4})

    grade(attempt.id, now=later(6))
    grade(attempt.id, now=later(7))

    assert db.session.scalar(select(func.count()).select_from(AssessmentAttempt)) == 1


def test_an_open_attempt_is_not_graded_before_its_deadline(db):
    world = make_quiz_world(time_limit_minutes=20)
    attempt = quiz_taking.begin(world["post"], world["people"]["rina"], None, now=later(0))

    grade(attempt.id, now=later(19))
    assert attempt.closed_at is None
    assert quiz.awaits_grading(attempt, later(20)) is True


def test_the_minute_job_grades_attempts_handed_in_or_out_of_time_only(db):
    world = make_quiz_world(time_limit_minutes=20)
    handed_in = _take(world, "pre", right={"AKUN": 1})
    expired = quiz_taking.begin(world["post"], world["people"]["rina"], None, now=later(-30))
    running = quiz_taking.begin(world["post"], world["people"]["agus"], None, now=later(0))

    assert grade_due(now=later(6)) == 2

    assert handed_in.closed_at == later(5) and expired.closed_at == later(-10)
    assert running.closed_at is None
    assert grade_due(now=later(7)) == 0


def test_an_answer_after_hand_in_or_deadline_is_refused(db):
    world = make_quiz_world(time_limit_minutes=20)
    rina = world["people"]["rina"]
    attempt = quiz_taking.begin(world["pre"], rina, None, now=later(0))
    with pytest.raises(RuleViolation, match="Waktu habis"):
        quiz_taking.answer_all(attempt, {0: 0}, None, now=later(20))
    quiz_taking.hand_in(attempt, None, now=later(25))

    assert attempt.submitted_at == later(20)  # handed in late: the deadline counts
    with pytest.raises(RuleViolation, match="sudah ditutup"):
        quiz_taking.answer_all(attempt, {0: 0}, None, now=later(5))


def test_the_post_test_waits_for_the_required_materials(db):
    world = make_quiz_world()
    course, rina, trainer = world["course"], world["people"]["rina"], world["users"]["trainer"]
    module = materials_services.add_module(course, trainer, "Etika menjawab warganet")
    materials_services.set_required(course, trainer, True)

    with pytest.raises(RuleViolation, match="modul materi"):
        quiz_taking.begin(world["post"], rina, None, now=later(0))
    assert quiz_taking.begin(world["pre"], rina, None, now=later(0)).attempt_no == 1

    mark_done(rina, module, None)
    assert quiz_taking.begin(world["post"], rina, None, now=later(0)).attempt_no == 1


def test_the_attempts_are_counted_per_quiz_and_person(db):
    world = make_quiz_world(max_attempts=2)
    first = _take(world, "post", right={"AKUN": 1})
    grade(first.id, now=later(6))
    second = quiz_taking.begin(world["post"], world["people"]["rina"], None, now=later(10))
    second.submitted_at = later(11)
    grade(second.id, now=later(12))

    with pytest.raises(RuleViolation, match="Batas percobaan"):
        quiz_taking.begin(world["post"], world["people"]["rina"], None, now=later(13))
    assert quiz_taking.begin(world["post"], world["people"]["agus"], None, now=later(13))


def test_a_passed_post_test_makes_the_certificate_available_once_the_roll_call_is_signed(db):
    world = make_quiz_world()
    course, rina, trainer = world["course"], world["people"]["rina"], world["users"]["trainer"]
    mark_present(world["session"], rina)
    attempt = _take(world, "post", right={"AKUN": 4, "ADUAN": 4})
    grade(attempt.id, now=later(6))
    everyone = scope_of(make_user(("admin",)))

    assert eligible_people(course, scope=everyone, now=later(60)) == []  # not signed off
    sign_off_roll_call(world["session"], trainer)
    assert eligible_people(course, scope=everyone, now=later(60)) == [rina]


def test_the_cli_grades_what_is_due_from_cron(app, db):
    world = make_quiz_world(time_limit_minutes=1)
    start = datetime.now(UTC) - timedelta(minutes=5)
    expired = quiz_taking.begin(world["pre"], world["people"]["rina"], None, now=start)
    running = quiz_taking.begin(world["pre"], world["people"]["agus"], None)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["grade-quizzes"])

    assert result.exit_code == 0, result.output
    assert "1 percobaan kuis dinilai." in result.output
    db.session.expire_all()
    assert expired.closed_at is not None and running.closed_at is None
