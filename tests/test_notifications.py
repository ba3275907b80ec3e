"""Notifications: each event tells the right users only, as they chose, once."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tests.factories import (
    enrol,
    make_course,
    make_course_status,
    make_person,
    make_session,
    make_tree,
    make_unit,
    make_user,
)
from tests.statements import count_statements
from training.certificates.models import OutboxMessage
from training.certificates.services import issue_certificate
from training.enrolment import services as enrolment
from training.extensions import db
from training.notifications.models import Notification
from training.notifications.queries import unread_count
from training.notifications.reminders import queue_day_before_reminders
from training.notifications.services import mark_all_read, save_preferences
from training.sessions.cancelling import cancel_session
from training.sessions.duplicating import data_from
from training.sessions.editing import update_occurrence
from training.sessions.enrollments import EnrollmentStatus
from training.sessions.models import SessionSeries

NOW = datetime(2026, 10, 20, 3, 0, tzinfo=UTC)
#: 3 Nov 2026 09.00 WIB (make_session's default start).
START = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)


@pytest.fixture
def world(db):
    tree = make_tree()
    siti = make_person(tree["polsek_a"], full_name="Siti Aminah", email="siti@polri.go.id")
    budi = make_person(tree["polsek_a"], full_name="Budi Santoso", email="budi@polri.go.id")
    nobody = make_person(tree["polsek_a"], full_name="Tanpa Akun", email="tanpa@polri.go.id")
    far = make_person(tree["polsek_b"], full_name="Jauh Sekali", email="jauh@polri.go.id")
    kapolsek = make_person(tree["polsek_a"], position="kapolsek", email="kapolsek@polri.go.id")
    users = {
        "siti": make_user(person=siti, username="siti"),
        "budi": make_user(person=budi, username="budi", locale="en"),
        "far": make_user(person=far, username="jauh"),
        "cmd": make_user(("commander",), person=kapolsek, unit=tree["polsek_a"], username="ks"),
        "cmd_b": make_user(("commander",), unit=tree["polsek_b"], username="ks_b"),
        "polda": make_user(("commander",), unit=tree["polda_a"], username="kapolda"),
        "admin": make_user(("admin",), username="admin"),
    }
    session = make_session(
        make_course(title="Kapolsek Medsos"),
        tree["polres_a"],
        venue="Aula Polres",
        capacity=2,
        audience_unit=tree["polres_a"],
    )
    db.session.commit()
    return {
        **tree,
        **users,
        "siti_p": siti,
        "budi_p": budi,
        "nobody": nobody,
        "far_p": far,
        "session": session,
    }


def notes(user=None, kind=None) -> list[Notification]:
    stmt = select(Notification).order_by(Notification.id)
    if user is not None:
        stmt = stmt.where(Notification.user_id == user.id)
    if kind is not None:
        stmt = stmt.where(Notification.kind == kind)
    return list(db.session.scalars(stmt))


def mails(recipient=None) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if recipient is not None:
        stmt = stmt.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(stmt))


def events_of(message: OutboxMessage):
    return [c for c in Calendar.from_ical(message.attachment).walk("VEVENT")]


def test_enrolling_tells_the_participant_with_an_ics_and_their_unit_commander(world):
    w = world
    enrolment.enrol_people(
        w["session"], [w["siti_p"], w["nobody"], w["far_p"]], actor=w["admin"], now=NOW
    )

    (siti,) = notes(w["siti"])
    assert (siti.kind, siti.title, siti.link) == (
        "enrolled",
        "Anda terdaftar: Kapolsek Medsos",
        "/jadwal-saya",
    )
    assert "3 Nov 2026 09.00 WIB, Aula Polres" in siti.body
    (mail,) = mails("siti@polri.go.id")
    assert (mail.kind, mail.subject, mail.attachment_name) == (
        "notify_enrolled",
        "Anda terdaftar: Kapolsek Medsos",
        "sesi-pelatihan.ics",
    )
    (event,) = events_of(mail)
    assert str(event["uid"]) == w["session"].uid
    assert event.decoded("dtstart") == START
    (cmd,) = notes(w["cmd"])
    assert cmd.title == "Personel terdaftar: Kapolsek Medsos"
    assert cmd.body.startswith(
        "2 personel satuan Anda terdaftar"
    )  # Siti and the one without account
    assert cmd.link == f"/sessions/{w['session'].id}"
    assert notes(w["far"]) == [] and notes(w["cmd_b"]) == []  # Jauh waits: no seat yet
    assert notes(w["polda"]) == [] and notes(w["budi"]) == []
    assert mails("tanpa@polri.go.id") == []  # no account: no notification at all


def test_a_waitlisted_person_is_not_told_enrolled_until_promoted(world):
    w = world
    enrolment.enrol_people(
        w["session"], [w["siti_p"], w["nobody"], w["budi_p"]], actor=w["admin"], now=NOW
    )
    db.session.commit()
    assert notes(w["budi"]) == []
    siti_row = db.session.scalar(
        select(enrolment.Enrollment).where(enrolment.Enrollment.person_id == w["siti_p"].id)
    )

    enrolment.remove_person(siti_row, actor=w["admin"], now=NOW)

    (promoted,) = notes(w["budi"])
    assert promoted.kind == "waitlist_promoted"
    assert promoted.title == "You have a seat: Kapolsek Medsos"  # Budi reads English
    assert mails("budi@polri.go.id")[0].attachment_name == "sesi-pelatihan.ics"


def test_preferences_choose_the_channels_per_kind(world):
    w = world
    save_preferences(w["siti"].id, {"enrolled": (False, True)})
    save_preferences(w["far"].id, {"enrolled": (True, False)})
    save_preferences(w["cmd"].id, {"enrolled": (False, False)})
    db.session.commit()

    enrolment.enrol_people(w["session"], [w["siti_p"], w["far_p"]], actor=w["admin"], now=NOW)

    assert notes(w["siti"]) == [] and len(mails("siti@polri.go.id")) == 1
    assert len(notes(w["far"])) == 1 and mails("jauh@polri.go.id") == []
    assert notes(w["cmd"]) == [] and mails("kapolsek@polri.go.id") == []


def test_unread_count_and_mark_all_read(world):
    w = world
    enrolment.enrol_people(w["session"], [w["siti_p"]], actor=w["admin"], now=NOW)
    other = make_session(
        make_course(title="Lain"), w["polres_a"], starts_at=START + timedelta(days=7)
    )
    enrolment.enrol_people(other, [w["siti_p"]], actor=w["admin"], now=NOW)
    assert unread_count(w["siti"].id) == 2

    assert mark_all_read(w["siti"].id, NOW) == 2

    assert unread_count(w["siti"].id) == 0
    assert unread_count(w["cmd"].id) == 2  # somebody else's stay unread


def test_meetings_of_one_series_told_together_make_one_notice_with_every_meeting(world):
    w = world
    series = SessionSeries(
        course_id=w["session"].course_id,
        rrule="FREQ=WEEKLY;COUNT=3",
        dtstart_local=datetime(2026, 11, 3, 9, 0),
        duration_minutes=120,
        timezone="Asia/Jakarta",
        uid="seri-uji@presisi",
        created_at=NOW,
    )
    meetings = [
        make_session(w["session"].course, w["polres_a"], starts_at=START + timedelta(weeks=i))
        for i in range(3)
    ]
    for meeting in meetings:
        meeting.series = series
    db.session.commit()

    for meeting in meetings:
        enrolment.enrol_people(meeting, [w["siti_p"]], actor=w["admin"], now=NOW)

    (note,) = notes(w["siti"])
    assert note.body.count("- Kapolsek Medsos:") == 3
    (mail,) = mails("siti@polri.go.id")
    assert sorted(str(e["uid"]) for e in events_of(mail)) == sorted(m.uid for m in meetings)
    assert len(notes(w["cmd"])) == 1


def test_a_new_time_or_place_is_told_to_the_people_booked_not_a_new_capacity(world):
    w = world
    enrol(w["session"], w["siti_p"])
    enrol(w["session"], w["far_p"], status=EnrollmentStatus.WAITLISTED)
    db.session.commit()

    update_occurrence(
        w["session"], w["admin"], replace(data_from(w["session"]), capacity=3), now=NOW
    )
    assert notes(w["siti"]) == []  # more seats: nothing to tell the booked
    assert [n.kind for n in notes(w["far"])] == ["waitlist_promoted"]  # the new seat

    moved = replace(data_from(w["session"]), start_local=datetime(2026, 11, 3, 13, 0))
    update_occurrence(w["session"], w["admin"], moved, now=NOW)

    for user in (w["siti"], w["far"]):
        (note,) = notes(user, "session_changed")
        assert note.title == "Jadwal berubah: Kapolsek Medsos"
        assert "3 Nov 2026 13.00 WIB" in note.body
    (event,) = events_of(mails("siti@polri.go.id")[0])
    assert event["sequence"] == 1
    assert notes(w["cmd"]) == []  # commanders hear of bookings and cancellations only


def test_cancelling_tells_everyone_booked_with_the_reason(world):
    w = world
    enrol(w["session"], w["siti_p"])
    enrol(w["session"], w["far_p"], status=EnrollmentStatus.WAITLISTED)
    db.session.commit()

    cancel_session(w["session"], actor=w["admin"], now=NOW, reason="Banjir di lokasi")

    for user in (w["siti"], w["far"]):
        (note,) = notes(user)
        assert note.title == "Sesi dibatalkan: Kapolsek Medsos"
        assert "Alasan: Banjir di lokasi" in note.body
    (event,) = events_of(mails("siti@polri.go.id")[0])
    assert str(event["status"]) == "CANCELLED"
    (cmd,) = notes(w["cmd"])
    assert "1 personel satuan Anda terdaftar" in cmd.body and "Banjir" in cmd.body
    assert notes(w["budi"]) == [] and notes(w["polda"]) == []


def test_an_issued_certificate_is_told_to_its_holder_and_their_commander(world):
    w = world
    make_course_status(w["siti_p"], w["session"].course)

    cert = issue_certificate(
        w["siti_p"], w["session"].course, actor=w["admin"], today=date(2026, 11, 25), now=NOW
    )

    (note,) = notes(w["siti"])
    assert (note.kind, note.link) == ("certificate_issued", f"/certificates/{cert.id}")
    assert cert.serial in note.body and "24 November 2027" in note.body
    (cmd,) = notes(w["cmd"])
    assert "Siti Aminah" in cmd.body
    assert notes(w["far"]) == [] and notes(w["polda"]) == []


def test_the_reminder_goes_the_day_before_once_per_person(world):
    w = world
    enrol(w["session"], w["siti_p"])
    enrol(w["session"], w["far_p"], status=EnrollmentStatus.WAITLISTED)
    db.session.commit()
    two_days_before = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)  # 1 Nov 08.00 WIB
    assert queue_day_before_reminders(two_days_before) == 0
    day_before = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 2 Nov 08.00 WIB

    assert queue_day_before_reminders(day_before) == 1
    assert queue_day_before_reminders(day_before + timedelta(hours=3)) == 0

    (note,) = notes(w["siti"])
    assert (note.kind, note.title) == ("reminder", "Pengingat: besok Kapolsek Medsos")
    assert len(mails("siti@polri.go.id")) == 1
    assert notes(w["far"]) == []  # waiting, no seat


def test_a_reminder_sent_by_mail_only_still_comes_once(world):
    w = world
    enrol(w["session"], w["siti_p"])
    save_preferences(w["siti"].id, {"reminder": (False, True)})
    db.session.commit()
    day_before = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)

    assert queue_day_before_reminders(day_before) == 1
    db.session.commit()
    assert queue_day_before_reminders(day_before) == 0

    assert unread_count(w["siti"].id) == 0 and len(mails("siti@polri.go.id")) == 1


def test_telling_5_or_40_people_of_a_booking_takes_the_same_statements(db):
    tree = make_tree()
    admin = make_user(("admin",))
    counts = {}
    for size, polres in ((5, tree["polres_a"]), (40, tree["polres_b"])):
        polsek = make_unit(polres)
        make_user(("commander",), unit=polsek)
        for i in range(size):
            make_user(person=make_person(polsek, email=f"p{size}-{i}@polri.go.id"))
        # the course targets the operators of Polsek units (the audience follows its targets)
        course = make_course(target_positions=["operator_medsos"], target_levels=["polsek"])
        session = make_session(course, polres, audience_unit=polres, capacity=100)
        db.session.commit()
        with count_statements() as statements:
            enrolment.enrol_audience(session, actor=admin, now=NOW)
        counts[size] = len(statements)

    assert counts[5] == counts[40]
    assert len(notes()) == 5 + 1 + 40 + 1  # each person and each Polsek's commander
    assert len(mails()) == 5 + 40  # the commanders have no e-mail address


def test_telling_a_series_booking_takes_the_same_statements_for_2_or_6_meetings(db):
    from tests.test_series_booking import make_series
    from training.enrolment import series
    from training.sessions.models import SessionTrainer

    tree = make_tree()
    make_user(("commander",), unit=tree["polsek_a"])
    counts = {}
    for size in (2, 6):
        meetings = make_series(tree, meetings=size, capacity=10)
        for m in meetings:
            db.session.add(SessionTrainer(session=m, person=make_person(tree["polres_a"])))
        people = [
            make_person(tree["polsek_a"], position="kapolsek", email=f"k{size}-{i}@polri.go.id")
            for i in range(3)
        ]
        for person in people:
            make_user(person=person)
        db.session.commit()
        with count_statements() as statements:
            series.book(meetings[0], people, actor=None, now=NOW)
        counts[size] = len(statements)
        (mail, *_others) = mails(f"k{size}-0@polri.go.id")
        assert len(events_of(mail)) == size  # one .ics holding every meeting booked

    assert counts[2] == counts[6]
