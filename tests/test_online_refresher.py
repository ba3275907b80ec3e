"""Online refreshers: an offering of a course over a window, its target preview and
enrolment (target positions and levels in a unit's subtree), completion (materials done and
a post-test passed inside the window), the participant's home card and pages."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_course, make_person, make_tree, make_unit, make_user
from tests.gain_factories import closed_attempt, make_quiz
from tests.learning_builders import make_competency
from training.audit.models import AuditEntry
from training.errors import RuleViolation
from training.learning import materials_services, online
from training.learning.materials_progress import mark_done
from training.learning.online_models import OnlineEnrolment
from training.notifications.models import Notification
from training.notifications.online_reminders import queue_online_reminders

NOW = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def world(db):
    """A tier-3 course (kapolsek, wakapolsek in Polsek) offered online to polres_a."""
    tree = make_tree()
    second = make_unit(tree["polres_a"], level="polsek")
    course = make_course(tier=3, title="Penyegaran Polsek")
    admin = make_user(("admin",), username="admin_online")
    people = {
        "kapolsek": make_person(tree["polsek_a"], full_name="Agus Salim", position="kapolsek"),
        "wakapolsek": make_person(second, full_name="Budi Santoso", position="wakapolsek"),
        "operator": make_person(tree["polsek_a"], full_name="Citra Dewi"),
        "far": make_person(tree["polsek_b"], full_name="Dedi Wenda", position="kapolsek"),
        "gone": make_person(second, full_name="Eko Purnomo", position="kapolsek", is_active=False),
    }
    offering = online.create_offering(
        course, tree["polres_a"], "", date(2026, 12, 1), date(2026, 12, 20), actor=admin, now=NOW
    )
    db.session.commit()
    return {"tree": tree, "course": course, "admin": admin, "people": people, "o": offering}


def test_the_preview_lists_the_course_targets_in_the_subtree(world):
    found = online.preview(world["o"])

    assert found.count == 2
    assert sorted(p.full_name for p in found.first) == ["Agus Salim", "Budi Santoso"]
    assert world["o"].title == "Penyegaran Polsek"


def test_enrolling_adds_each_target_once_and_is_audited(world, db):
    first = online.enrol_targets(world["o"], actor=world["admin"], now=NOW)
    again = online.enrol_targets(world["o"], actor=world["admin"], now=NOW)

    enrolled = db.session.scalars(select(OnlineEnrolment.person_id)).all()
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "online_offering")
    ).all()
    assert (first, again) == (2, 0)
    assert sorted(enrolled) == sorted(
        [world["people"]["kapolsek"].id, world["people"]["wakapolsek"].id]
    )
    assert actions == ["create", "enrol"]


def test_a_window_ending_before_it_opens_is_refused(world):
    with pytest.raises(RuleViolation):
        online.create_offering(
            world["course"],
            world["tree"]["polres_a"],
            "x",
            date(2026, 12, 5),
            date(2026, 12, 1),
            actor=world["admin"],
        )


def _ready(world, db, score_marks, at):
    person = world["people"]["kapolsek"]
    online.enrol_targets(world["o"], actor=world["admin"], now=NOW)
    module = materials_services.add_module(world["course"], world["admin"], "Modul 1", now=NOW)
    competency = make_competency("ONL")
    closed_attempt(make_quiz(world["course"], "post"), person, {competency: score_marks}, at=at)
    return person, module, online.enrolment_of(world["o"], person.id)


def test_completion_needs_the_materials_and_a_passed_post_test_in_the_window(world, db):
    user = make_user(("participant",), person=world["people"]["kapolsek"])
    person, module, enrolment = _ready(world, db, [1.0, 1.0, 0.5], NOW)

    with pytest.raises(RuleViolation, match="modul"):
        online.complete(enrolment, person, actor=user, now=NOW)
    mark_done(person, module, user, now=NOW)
    recorded = online.complete(enrolment, person, actor=user, now=NOW + timedelta(hours=1))

    assert recorded and enrolment.completed_at == NOW + timedelta(hours=1)
    assert online.enrolled_count(world["o"]) == (2, 1)


def test_a_failed_or_late_post_test_does_not_complete(world, db):
    user = make_user(("participant",), person=world["people"]["kapolsek"])
    person, module, enrolment = _ready(world, db, [1.0, 0.0, 0.0], NOW)
    mark_done(person, module, user, now=NOW)
    closed_attempt(
        make_quiz(world["course"], "post"),
        person,
        {make_competency("LAT"): [1.0]},
        at=datetime(2026, 12, 21, 3, 0, tzinfo=UTC),
    )

    with pytest.raises(RuleViolation, match="Post-test"):
        online.complete(enrolment, person, actor=user, now=NOW)
    with pytest.raises(RuleViolation, match="Batas waktu"):
        online.complete(enrolment, person, actor=user, now=datetime(2026, 12, 21, 5, tzinfo=UTC))


def test_the_participant_sees_the_refresher_on_the_home_page(world, client, login, db):
    today = datetime.now(UTC).date()  # the home page reads the real clock
    world["o"].opens_on, world["o"].closes_on = today, today + timedelta(days=30)
    online.enrol_targets(world["o"], actor=world["admin"], now=NOW)
    db.session.commit()
    login("participant", person=world["people"]["kapolsek"])

    home = client.get("/").text
    page = client.get(f"/online/{world['o'].id}").text

    assert 'id="home-online"' in home and "Penyegaran Polsek" in home
    assert 'id="online-steps"' in page


def test_a_trainer_creates_an_offering_and_enrols_from_the_preview(world, client, login, db):
    login("trainer")

    created = client.post(
        f"/online/courses/{world['course'].id}",
        data={
            "unit": world["tree"]["polres_a"].code,
            "opens_on": "2026-12-01",
            "closes_on": "2026-12-31",
            "title": "Penyegaran Desember",
        },
    )
    offering_url = created.headers["Location"]
    page = client.get(offering_url).text
    enrolled = client.post(offering_url + "/enrol", follow_redirects=True).text

    assert "Daftarkan 2 sasaran" in page and "Agus Salim" in page
    assert "2 personel sasaran didaftarkan." in enrolled
    assert "2 terdaftar, 0 selesai, 0 sasaran belum terdaftar." in enrolled


def test_deadline_reminders_go_once_to_people_not_done(world, db):
    online.enrol_targets(world["o"], actor=world["admin"], now=NOW)
    waiting = make_user(("participant",), person=world["people"]["kapolsek"])
    done = make_user(("participant",), person=world["people"]["wakapolsek"])
    online.enrolment_of(world["o"], done.person_id).completed_at = NOW
    early = datetime(2026, 12, 16, 3, tzinfo=UTC)  # deadline 20 Dec: four days away
    due = datetime(2026, 12, 17, 3, tzinfo=UTC)

    counts = [queue_online_reminders(at) for at in (early, due, due + timedelta(hours=5))]

    told = db.session.execute(select(Notification.user_id, Notification.title)).all()
    assert counts == [0, 1, 0]
    assert told == [(waiting.id, "Pengingat: batas akhir Penyegaran Polsek")]


def test_a_deadline_reminder_names_the_day_in_its_readers_language(world, db):
    online.enrol_targets(world["o"], actor=world["admin"], now=NOW)
    english = make_user(("participant",), person=world["people"]["kapolsek"], locale="en")
    indonesian = make_user(("participant",), person=world["people"]["wakapolsek"])

    queue_online_reminders(datetime(2026, 12, 17, 3, tzinfo=UTC))

    told = db.session.execute(
        select(Notification.user_id, Notification.title, Notification.body)
    ).all()
    assert sorted(told) == sorted([
        (english.id, "Reminder: deadline of Penyegaran Polsek",
         "Complete the materials and the post-test of the online refresher Penyegaran "
         "Polsek before December 20, 2026."),
        (indonesian.id, "Pengingat: batas akhir Penyegaran Polsek",
         "Selesaikan materi dan post-test penyegaran daring Penyegaran Polsek sebelum "
         "20 Desember 2026."),
    ])  # fmt: skip
