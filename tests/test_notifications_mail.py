"""Notification e-mails through a real (tiny, local) SMTP server, the .ics parsed back."""

from datetime import datetime, timedelta
from email import message_from_bytes, policy

from icalendar import Calendar
from sqlalchemy import select

from tests.factories import make_person, make_session
from tests.test_notifications import NOW, START, notes, world  # noqa: F401  (fixture)
from tests.test_reminders_mail import SENT_AT, mail_app, smtp_server  # noqa: F401  (fixtures)
from training.calendar.ical import render_calendar
from training.certificates.models import OutboxMessage
from training.certificates.outbox import send_outbox
from training.enrolment import booking, series
from training.enrolment import services as enrolment
from training.extensions import db
from training.sessions.cancelling import cancel_session
from training.sessions.models import SessionSeries, SessionTrainer


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


def _series(w, meetings=4, past=1, capacity=2):
    """A weekly series of ``past`` held meetings and ``meetings`` coming ones (from START),
    each with a named trainer."""
    row = SessionSeries(
        course_id=w["session"].course_id,
        rrule=f"FREQ=WEEKLY;COUNT={meetings + past}",
        dtstart_local=datetime(2026, 11, 3, 9, 0),
        duration_minutes=120,
        timezone="Asia/Jakarta",
        uid="seri-medsos@presisi",
        created_at=NOW,
    )
    trainer = make_person(w["polres_a"], full_name="Iptu Rina Pelatih")
    starts = [START + timedelta(weeks=i) for i in range(-past, meetings)]
    made = []
    for i, start in enumerate(starts):
        meeting = make_session(
            w["session"].course,
            w["polres_a"],
            starts_at=start,
            capacity=capacity,
            series=row,
            title=f"Pertemuan {i + 1}",
        )
        db.session.add(SessionTrainer(session=meeting, person=trainer))
        made.append(meeting)
    db.session.commit()
    return made


def _feed_events(meetings) -> dict[str, tuple]:
    """uid -> (start, sequence) as the calendar feed writes the meetings."""
    feed = Calendar.from_ical(render_calendar(meetings, "feed"))
    return {str(e["uid"]): (e.decoded("dtstart"), e["sequence"]) for e in feed.walk("VEVENT")}


def test_a_series_booking_mails_one_ics_of_all_meetings(mail_app, smtp_server, world):  # noqa: F811
    w = world
    held, *coming = _series(w, meetings=4, past=1)
    # booked from the third meeting: the whole remaining series, not the held one
    series.book(coming[1], [w["siti_p"]], actor=w["admin"], now=START - timedelta(days=1))
    db.session.commit()

    assert send_outbox(now=SENT_AT) == (2, 0)  # ONE mail to Siti, one to her Kapolsek

    email = _delivered(smtp_server, "siti@polri.go.id")
    assert email["Subject"] == "Anda terdaftar: Kapolsek Medsos"
    text = email.get_body(("plain",)).get_content()
    for n, day in ((2, "3 Nov"), (3, "10 Nov"), (4, "17 Nov"), (5, "24 Nov")):
        assert f"- Pertemuan {n}: {day} 2026 09.00 WIB" in text
    assert "Pertemuan 1:" not in text
    events = _calendar(email).walk("VEVENT")
    assert len(events) == 4
    got = {str(e["uid"]): (e.decoded("dtstart"), e["sequence"]) for e in events}
    assert got == _feed_events(coming)  # the feed's UIDs: a calendar merges, never doubles
    assert held.uid not in got
    assert [e.decoded("dtstart") for e in events] == [m.starts_at for m in coming]
    assert all("Iptu Rina Pelatih" in str(e["description"]) for e in events)
    commander = _delivered(smtp_server, "kapolsek@polri.go.id")
    body = commander.get_body(("plain",)).get_content()
    assert body.count("- Pertemuan ") == 4
    (note,) = notes(w["siti"])
    assert note.body.count("- Pertemuan ") == 4


def test_a_series_promotion_mails_the_meetings_left(mail_app, smtp_server, world):  # noqa: F811
    w = world
    meetings = _series(w, meetings=3, past=0, capacity=1)
    day_before = START - timedelta(days=1)
    series.book(meetings[0], [w["siti_p"]], actor=w["admin"], now=day_before)
    series.book(meetings[0], [w["budi_p"]], actor=w["admin"], now=day_before)
    db.session.commit()
    send_outbox(now=SENT_AT)
    smtp_server.received.clear()
    # Siti gives up her seat after the first meeting: Budi takes it in the two left
    after_first = START + timedelta(days=1)
    booking.cancel_booking(meetings[0], w["siti_p"], actor=w["admin"], now=after_first)
    db.session.commit()

    send_outbox(now=SENT_AT + timedelta(days=10))

    email = _delivered(smtp_server, "budi@polri.go.id")
    assert email["Subject"] == "You have a seat: Kapolsek Medsos"  # Budi reads English
    uids = [str(e["uid"]) for e in _calendar(email).walk("VEVENT")]
    assert uids == [m.uid for m in meetings[1:]]
