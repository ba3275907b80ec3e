"""Notifications are written in each recipient's language (``User.locale``), days included,
whatever the language of the request, job or command that caused them."""

from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import current_app
from flask_babel import get_locale
from flask_login import login_user
from sqlalchemy import select

from tests.factories import enrol, make_course_status, make_session
from tests.test_notifications import NOW, mails, notes, world  # noqa: F401  (fixture)
from training.certificates.services import issue_certificate
from training.enrolment import services as enrolment
from training.extensions import db
from training.notifications.delivery import Message, Notice, deliver
from training.notifications.models import Notification

#: 3 Dec 2026 09.00 WIB: a month named differently in the two languages.
DECEMBER = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
FOOTER_ID = "Pesan ini dikirim otomatis oleh Presisi Training."
FOOTER_EN = "This message was sent automatically by Presisi Training."


def place(w) -> str:
    return f"Aula Polres ({w['polres_a'].name})"


@contextmanager
def reading_english(user):
    """A request of ``user``, who reads English (the actor's language is not the readers')."""
    user.locale = "en"
    with current_app.test_request_context():
        login_user(user)
        assert str(get_locale()) == "en"
        yield


def test_an_issued_certificate_is_told_to_each_holder_in_their_language(world):  # noqa: F811
    w = world
    course = w["session"].course
    for person in (w["siti_p"], w["budi_p"]):
        make_course_status(person, course)

    with reading_english(w["admin"]):
        certs = [
            issue_certificate(p, course, actor=w["admin"], today=date(2026, 12, 6), now=NOW)
            for p in (w["siti_p"], w["budi_p"])
        ]

    (siti,), (budi,) = notes(w["siti"]), notes(w["budi"])
    assert siti.title == "Sertifikat diterbitkan: Kapolsek Medsos"
    assert siti.body == (
        f"Sertifikat Kapolsek Medsos nomor {certs[0].serial} diterbitkan atas nama Anda, "
        "berlaku sampai 5 Desember 2027."
    )
    assert budi.title == "Certificate issued: Kapolsek Medsos"
    assert budi.body == (
        f"Your certificate for Kapolsek Medsos, number {certs[1].serial}, has been issued; "
        "it is valid until December 5, 2027."
    )
    (to_siti,), (to_budi,) = mails("siti@polri.go.id"), mails("budi@polri.go.id")
    assert to_siti.subject == siti.title and to_budi.subject == budi.title
    assert to_siti.body.startswith(siti.body + "\n\nBuka: http://localhost/certificates/")
    assert FOOTER_ID in to_siti.body and FOOTER_EN not in to_siti.body
    assert to_budi.body.startswith(budi.body + "\n\nOpen: http://localhost/certificates/")
    assert FOOTER_EN in to_budi.body
    for told in notes(w["cmd"]):  # the commander reads Indonesian
        assert told.body.startswith("1 sertifikat Kapolsek Medsos diterbitkan untuk personel")


def test_an_enrolment_tells_each_participant_in_their_language(world):  # noqa: F811
    w = world
    december = make_session(
        w["session"].course, w["polres_a"], venue="Aula Polres", starts_at=DECEMBER
    )

    with reading_english(w["admin"]):
        enrolment.enrol_people(december, [w["siti_p"], w["budi_p"]], actor=w["admin"], now=NOW)

    (siti,), (budi,) = notes(w["siti"]), notes(w["budi"])
    assert (siti.title, siti.body) == (
        "Anda terdaftar: Kapolsek Medsos",
        "Anda terdaftar sebagai peserta pada jadwal berikut:\n"
        f"- Kapolsek Medsos: 3 Des 2026 09.00 WIB, {place(w)}",
    )
    assert (budi.title, budi.body) == (
        "You are enrolled: Kapolsek Medsos",
        "You are enrolled as a participant in:\n"
        f"- Kapolsek Medsos: Dec 3, 2026 09.00 WIB, {place(w)}",
    )
    (to_siti,), (to_budi,) = mails("siti@polri.go.id"), mails("budi@polri.go.id")
    assert to_siti.subject == siti.title and to_siti.body.startswith(siti.body)
    assert "Jadwal terlampir sebagai berkas kalender (.ics)." in to_siti.body
    assert to_budi.subject == budi.title and to_budi.body.startswith(budi.body)
    assert "The schedule is attached as a calendar file (.ics)." in to_budi.body
    (cmd,) = notes(w["cmd"])
    assert cmd.title == "Personel terdaftar: Kapolsek Medsos"


def _tomorrows_session(w):
    """A session tomorrow (by the real clock: the command and the task read it) with Siti
    and Budi booked; its local day."""
    jakarta = ZoneInfo(w["polres_a"].timezone)
    tomorrow = datetime.now(jakarta).date() + timedelta(days=1)
    starts_at = datetime.combine(tomorrow, time(9, 0), jakarta).astimezone(UTC)
    session = make_session(
        w["session"].course, w["polres_a"], venue="Aula Polres", starts_at=starts_at
    )
    for person in (w["siti_p"], w["budi_p"]):
        enrol(session, person)
    db.session.commit()
    return tomorrow


def _assert_reminders_in_each_language(w, tomorrow):
    (siti,), (budi,) = notes(w["siti"], "reminder"), notes(w["budi"], "reminder")
    day_id = format_date(tomorrow, "medium", locale="id")
    day_en = format_date(tomorrow, "medium", locale="en")
    assert (siti.title, siti.body) == (
        "Pengingat: besok Kapolsek Medsos",
        f"Sesi pelatihan Anda besok:\n- Kapolsek Medsos: {day_id} 09.00 WIB, {place(w)}",
    )
    assert (budi.title, budi.body) == (
        "Reminder: Kapolsek Medsos tomorrow",
        f"Your training session tomorrow:\n- Kapolsek Medsos: {day_en} 09.00 WIB, {place(w)}",
    )
    (to_siti,), (to_budi,) = mails("siti@polri.go.id"), mails("budi@polri.go.id")
    assert (to_siti.subject, to_budi.subject) == (siti.title, budi.title)
    assert FOOTER_ID in to_siti.body and FOOTER_EN in to_budi.body


def test_the_reminder_command_writes_each_reminder_in_its_readers_language(world, app):  # noqa: F811
    tomorrow = _tomorrows_session(world)

    result = app.test_cli_runner().invoke(args=["notifications", "remind"])

    assert result.output == "2 pengingat diantrekan.\n"
    _assert_reminders_in_each_language(world, tomorrow)


def test_the_hourly_task_writes_each_reminder_in_its_readers_language(world, app):  # noqa: F811
    tomorrow = _tomorrows_session(world)

    assert app.extensions["celery"].tasks["presisi.notifications"].apply().get() == 2

    db.session.rollback()  # only what the task committed is left
    _assert_reminders_in_each_language(world, tomorrow)


def test_a_message_is_rendered_once_per_language_not_once_per_recipient(world):  # noqa: F811
    w = world
    rendered = []

    def render(items) -> Message:
        rendered.append(str(get_locale()))
        return Message(title=f"{get_locale()}: {items[0]}", body="")

    readers = [w["siti"], w["budi"], w["far"], w["cmd"]]  # Budi alone reads English
    notices = [Notice(u.id, "enrolled", ["x"], render) for u in readers]
    assert deliver(notices, NOW) == 4

    assert sorted(rendered) == ["en", "id"]
    titles = db.session.execute(select(Notification.user_id, Notification.title)).all()
    assert dict(titles) == {
        w["siti"].id: "id: x",
        w["budi"].id: "en: x",
        w["far"].id: "id: x",
        w["cmd"].id: "id: x",
    }
