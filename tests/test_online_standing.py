"""An online refresher's completion feeds course standing and certificates: the completion
is recorded when the last step is taken (the grading job closes a passed post-test, or the
last module is marked done), it counts as the course's attendance, and the same certificate
rules issue (and renew) the certificate. Materials not done, a post-test below the pass
score or one closed after the window complete nothing."""

from datetime import date

import pytest

from tests.factories import PASSWORD, make_course_status, make_person, make_tree, make_user
from tests.quiz_factories import bank_course, later, make_quiz, right_position, wrong_position
from tests.statements import assert_same_for_small_and_large, count_statements
from training.certificates.services import eligible_people, issue_all, issue_certificate
from training.learning import materials_services, online, quiz_taking
from training.learning.materials_progress import mark_done
from training.learning.online_models import OnlineEnrolment
from training.learning.quiz_grading import grade
from training.policy.scope import scope_of
from training.programs.models import CourseStatus
from training.standing.engine import refresh_standing


@pytest.fixture
def world(db):
    """A tier-3 course with two banks, a required module and a post-test, offered online to
    polres_a from 20 to 30 November 2026 (the quizzes start on 24 November, T0); a kapolsek
    of polsek_a enrolled in it, with an account."""
    tree = make_tree()
    course = bank_course()
    admin = make_user(("admin",), username="admin_daring")
    person = make_person(tree["polsek_a"], full_name="Agus Salim", position="kapolsek")
    user = make_user(username="agus_daring", person=person)
    offering = online.create_offering(
        course, tree["polres_a"], "", date(2026, 11, 20), date(2026, 11, 30), actor=admin
    )
    online.enrol_targets(offering, actor=admin, now=later(-600))
    module = materials_services.add_module(course, admin, "Modul 1", now=later(-600))
    post = make_quiz(course, "post")
    db.session.commit()
    return {
        "tree": tree,
        "course": course,
        "admin": admin,
        "person": person,
        "user": user,
        "o": offering,
        "module": module,
        "post": post,
    }


def _post_test(world, right: int, *, start=0):
    """Take the post-test at ``start`` minutes after T0 with ``right`` right answers (of
    eight), hand it in five minutes later and let the grading job grade it."""
    attempt = quiz_taking.begin(world["post"], world["person"], world["user"], now=later(start))
    for n, slot in enumerate(attempt.slots):
        pick = right_position(slot) if n < right else wrong_position(slot)
        quiz_taking.answer_all(attempt, {slot.position: pick}, world["user"], now=later(start))
    quiz_taking.hand_in(attempt, world["user"], now=later(start + 5))
    grade(attempt.id, now=later(start + 6))
    return attempt


def _standing(world) -> CourseStatus | None:
    return CourseStatus.query.filter_by(
        person_id=world["person"].id, course_id=world["course"].id
    ).one_or_none()


def _enrolment(world) -> OnlineEnrolment:
    return online.enrolment_of(world["o"], world["person"].id)


def _everyone():
    return scope_of(make_user(("admin",)))


def test_a_passed_post_test_after_the_materials_completes_and_a_certificate_follows(world, db):
    online.module_done(world["person"], world["module"], world["user"], now=later(-60))

    attempt = _post_test(world, right=8)
    db.session.commit()

    standing = _standing(world)
    assert _enrolment(world).completed_at == attempt.closed_at == later(5)
    assert (standing.status, standing.attendance_pct) == ("completed", None)
    assert standing.completed_on == date(2026, 11, 24)  # 09.05 WIB
    assert eligible_people(world["course"], scope=_everyone(), now=later(60)) == [world["person"]]
    certs = issue_all(world["course"], actor=world["admin"], today=date(2026, 11, 25))
    assert [c.person_id for c in certs] == [world["person"].id]


def test_marking_the_last_module_done_after_the_post_test_completes(world, db):
    _post_test(world, right=8)
    assert _enrolment(world).completed_at is None
    assert _standing(world).status == "in_progress"  # passed, attendance not met yet

    online.module_done(world["person"], world["module"], world["user"], now=later(30))
    db.session.commit()

    assert _enrolment(world).completed_at == later(30)
    assert _standing(world).status == "completed"


def test_without_the_materials_nothing_is_completed_and_no_certificate_is_possible(world, db):
    _post_test(world, right=8)
    db.session.commit()

    assert _enrolment(world).completed_at is None
    assert _standing(world).status == "in_progress"
    assert eligible_people(world["course"], scope=_everyone(), now=later(60)) == []


def test_a_post_test_below_the_pass_score_does_not_complete(world, db):
    online.module_done(world["person"], world["module"], world["user"], now=later(-60))

    attempt = _post_test(world, right=5)  # 62.5% < ONLINE_PASS_SCORE 70
    db.session.commit()

    assert attempt.score == 62.5
    assert _enrolment(world).completed_at is None
    assert _standing(world).status != "completed"
    assert eligible_people(world["course"], scope=_everyone(), now=later(60)) == []


def test_a_post_test_after_the_window_does_not_complete(world, db):
    world["o"].closes_on = date(2026, 11, 23)  # the day before T0
    online.module_done(world["person"], world["module"], world["user"], now=later(-60 * 30))

    _post_test(world, right=8)
    db.session.commit()

    assert _enrolment(world).completed_at is None
    assert _standing(world).status == "in_progress"
    assert eligible_people(world["course"], scope=_everyone(), now=later(60)) == []


def test_an_online_refresher_renews_an_earlier_completion_and_its_certificate(world, db):
    make_course_status(world["person"], world["course"], completed_on=date(2025, 10, 1))
    old = issue_certificate(
        world["person"], world["course"], actor=world["admin"], today=date(2025, 10, 1)
    )
    online.module_done(world["person"], world["module"], world["user"], now=later(-60))

    _post_test(world, right=8)
    new = issue_certificate(
        world["person"], world["course"], actor=world["admin"], today=date(2026, 11, 25)
    )

    assert _standing(world).completed_on == date(2026, 11, 24)
    assert (old.state, old.superseded_by_id, new.state) == ("superseded", new.id, "valid")


def test_the_participants_button_records_the_completion_and_refreshes_standing(world, db):
    _post_test(world, right=8)
    mark_done(world["person"], world["module"], world["user"], now=later(7))  # no finishing
    assert _standing(world).status == "in_progress"

    recorded = online.complete(
        _enrolment(world), world["person"], actor=world["user"], now=later(8)
    )

    assert recorded and _enrolment(world).completed_at == later(8)
    assert _standing(world).status == "completed"


def test_an_online_enrolment_opens_the_course_quizzes_to_the_participant(world, client, db):
    outsider = make_person(world["tree"]["polsek_b"], position="kapolsek")
    outsider_user = make_user(username="luar_daring", person=outsider)
    db.session.commit()

    def page_for(username):
        client.post("/login", data={"username": username, "password": PASSWORD})
        status = client.get(f"/quiz/{world['post'].id}").status_code
        client.post("/logout")
        return status

    assert page_for(world["user"].username) == 200
    assert page_for(outsider_user.username) == 404


def test_standing_of_many_online_completers_takes_the_same_statements(world, db):
    people = [make_person(world["tree"]["polsek_a"], position="kapolsek") for _ in range(30)]
    online.enrol_targets(world["o"], actor=world["admin"], now=later(-600))
    db.session.execute(OnlineEnrolment.__table__.update().values(completed_at=later(1)))
    ids = [p.id for p in people]
    db.session.commit()
    course = world["course"]
    assert course.title  # loaded before counting

    with count_statements() as few:
        refresh_standing(course, ids[:2], now=later(60))
    with count_statements() as many:
        refresh_standing(course, ids, now=later(60))

    assert_same_for_small_and_large(few, many, 11)
    assert {r.status for r in CourseStatus.query} == {"in_progress"}  # no attempt yet


def test_the_offering_page_leads_staff_to_issue_and_the_participant_to_the_certificate(
    world, client, db
):
    online.module_done(world["person"], world["module"], world["user"], now=later(-60))
    _post_test(world, right=8)
    db.session.commit()
    trainer = make_user(("trainer",), username="pelatih_daring")
    db.session.commit()
    url = f"/online/{world['o'].id}"

    client.post("/login", data={"username": trainer.username, "password": PASSWORD})
    staff = client.get(url).text
    issue_page = client.get(f"/certificates/?course={world['course'].id}").text
    client.post("/logout")
    client.post("/login", data={"username": world["user"].username, "password": PASSWORD})
    own = client.get(url).text

    assert f'href="/certificates/?course={world["course"].id}"' in staff
    assert "Agus Salim" in issue_page and "1 peserta memenuhi syarat" in issue_page
    assert 'id="online-done"' in own and 'href="/certificates/mine"' in own


def test_the_materials_progress_table_lists_the_online_enrolled(world, client, db):
    trainer = make_user(("trainer",), username="pelatih_kemajuan")
    db.session.commit()
    client.post("/login", data={"username": trainer.username, "password": PASSWORD})

    page = client.get(f"/materials/courses/{world['course'].id}/progress").text

    assert "Agus Salim" in page  # enrolled online, no module opened yet
