"""Notification e-mails through a real (tiny, local) SMTP server, the .ics parsed back."""

from email import message_from_bytes, policy

from icalendar import Calendar
from sqlalchemy import select

from tests.test_notifications import NOW, START, world  # noqa: F401  (fixture)
from tests.test_reminders_mail import SENT_AT, mail_app, smtp_server  # noqa: F401  (fixtures)
from training.certificates.models import OutboxMessage
from training.certificates.outbox import send_outbox
from training.enrolment import services as enrolment
from training.extensions import db
from training.sessions.cancelling import cancel_session


def _delivered(smtp_server, address):  # noqa: F811
    (data,) = [d for _s, recipients, d in smtp_server.received if recipients == [address]]
    return message_from_bytes(data, policy=policy.default)


def _calendar(email) -> Calendar:
    (part,) = [p for p in email.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == "sesi-pelatihan.ics"
    return Calendar.from_ical(part.get_content())


def test_the_enrolment_mail_carries_the_session_as_an_ics(mail_app, smtp_server, world):  # noqa: F811
    w = world
    enrolment.enrol_people(w["session"], [w["siti_p"]], actor=w["admin"], now=NOW)
    db.session.commit()

    assert send_outbox(now=SENT_AT) == (2, 0)  # Siti and her Kapolsek

    email = _delivered(smtp_server, "siti@polri.go.id")
    assert email["Subject"] == "Anda terdaftar: Kapolsek Medsos"
    text = email.get_body(("plain",)).get_content()
    assert "3 Nov 2026 09.00 WIB, Aula Polres" in text
    assert "/jadwal-saya" in text and "/notifications/preferences" in text
    (event,) = _calendar(email).walk("VEVENT")
    assert str(event["uid"]) == w["session"].uid
    assert event.decoded("dtstart") == START
    assert str(event["summary"]).endswith("Kapolsek Medsos")
    commander = _delivered(smtp_server, "kapolsek@polri.go.id")
    assert commander["Subject"] == "Personel terdaftar: Kapolsek Medsos"
    assert list(commander.iter_attachments()) == []
    sent = db.session.scalars(select(OutboxMessage.sent_at)).all()
    assert sent == [SENT_AT, SENT_AT]


def test_the_cancellation_mail_says_why_and_cancels_the_event(mail_app, smtp_server, world):  # noqa: F811
    w = world
    enrolment.enrol_people(w["session"], [w["budi_p"]], actor=w["admin"], now=NOW)
    db.session.commit()
    cancel_session(w["session"], actor=w["admin"], now=NOW, reason="Banjir di lokasi")
    db.session.commit()

    send_outbox(now=SENT_AT)

    mails = [
        message_from_bytes(d, policy=policy.default)
        for _s, r, d in smtp_server.received
        if r == ["budi@polri.go.id"]
    ]
    assert [m["Subject"] for m in mails] == [
        "You are enrolled: Kapolsek Medsos",  # Budi reads English
        "Session cancelled: Kapolsek Medsos",
    ]
    assert "Reason: Banjir di lokasi" in mails[1].get_body(("plain",)).get_content()
    (event,) = _calendar(mails[1]).walk("VEVENT")
    assert (str(event["status"]), event["sequence"]) == ("CANCELLED", 1)
    assert str(event["uid"]) == w["session"].uid


def test_certificate_reminders_still_send_without_an_attachment(mail_app, smtp_server):  # noqa: F811
    from tests.test_reminders_mail import _queue_two

    _queue_two()

    assert send_outbox(now=SENT_AT) == (2, 0)
    for _s, _r, data in smtp_server.received:
        assert list(message_from_bytes(data, policy=policy.default).iter_attachments()) == []
