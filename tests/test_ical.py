"""iCalendar output and feeds, parsed back with the icalendar library."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from tests.factories import (
    enrol,
    make_course,
    make_person,
    make_program,
    make_session,
    make_tree,
    make_unit,
    make_user,
)
from training.calendar.ical import render_calendar
from training.calendar.services import feed_sessions, regenerate_feed, revoke_feed
from training.sessions.models import SessionTrainer

#: 09.00 WITA a week from today (feeds reach 90 days back and 400 days ahead of now).
NINE_WITA = datetime.combine(date.today() + timedelta(days=7), time(1, 0), UTC)
#: 10.00 WIT the day after.
TEN_WIT = NINE_WITA + timedelta(days=1)


@pytest.fixture
def world(db):
    tree = make_tree()
    tree["papua"] = make_unit(tree["mabes"], timezone="Asia/Jayapura", name="Polda Papua")
    program = make_program(title="Pelatihan Akun Medsos Bercentang Biru")
    course = make_course(program, 2, title="Kapolres Bercentang Biru")
    makassar = make_session(
        course, tree["polda_b"], starts_at=NINE_WITA, venue="Aula Polda B", title="Angkatan 1"
    )
    jayapura = make_session(
        course, tree["papua"], starts_at=TEN_WIT, online_url="https://zoom.example/j/1"
    )
    db.session.commit()
    return {"tree": tree, "course": course, "makassar": makassar, "jayapura": jayapura}


def _events(body: bytes) -> dict:
    cal = Calendar.from_ical(body)
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_render_calendar_writes_tzid_and_vtimezone_per_zone(world):
    body = render_calendar([world["makassar"], world["jayapura"]], "Jadwal Uji")

    cal = Calendar.from_ical(body)
    events = _events(body)
    wita, wit = events[world["makassar"].uid], events[world["jayapura"].uid]
    assert str(cal["VERSION"]) == "2.0" and "Presisi Training" in str(cal["PRODID"])
    assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {"Asia/Makassar", "Asia/Jayapura"}
    assert wita["DTSTART"].params["TZID"] == "Asia/Makassar"
    assert wit["DTEND"].params["TZID"] == "Asia/Jayapura"
    assert wita.decoded("DTSTART").hour == 9 and wit.decoded("DTSTART").hour == 10
    assert wita.decoded("DTSTART").astimezone(UTC) == NINE_WITA
    assert wit.decoded("DTEND").astimezone(UTC) == TEN_WIT + timedelta(hours=2)
    local = NINE_WITA.date().strftime("%Y%m%d")
    assert f"DTSTART;TZID=Asia/Makassar:{local}T090000".encode() in body


def test_render_calendar_describes_the_session(world, db):
    coach = make_user(roles=("trainer",), username="pelatih_ani")
    db.session.add(SessionTrainer(session=world["makassar"], user=coach))
    db.session.commit()

    events = _events(render_calendar([world["makassar"], world["jayapura"]], "Jadwal"))

    wita, wit = events[world["makassar"].uid], events[world["jayapura"].uid]
    assert str(wita["SUMMARY"]) == "Tingkat 2 · Kapolres Bercentang Biru — Angkatan 1"
    assert str(wita["LOCATION"]) == "Aula Polda B"
    assert "pelatih_ani" in str(wita["DESCRIPTION"])
    assert str(wit["LOCATION"]) == "Polda Papua / https://zoom.example/j/1"
    assert wita["STATUS"] == "CONFIRMED" and int(wita["SEQUENCE"]) == 0
    assert wita.decoded("LAST-MODIFIED") == world["makassar"].updated_at
    assert wita.decoded("DTSTAMP") == world["makassar"].updated_at


def test_render_calendar_is_valid_with_no_sessions():
    cal = Calendar.from_ical(render_calendar([], "Kosong"))

    assert cal.walk("VEVENT") == [] and str(cal["X-WR-CALNAME"]) == "Kosong"


def _feed_for(db, user):
    feed = regenerate_feed(user)
    db.session.commit()
    return f"/calendar/feed/{feed.token}.ics"


def test_feed_follows_reschedule_and_cancellation(client, db, world):
    person = make_person(world["tree"]["polsek_b"])
    enrol(world["makassar"], person)
    url = _feed_for(db, make_user(person=person))
    before = _events(client.get(url).data)[world["makassar"].uid]

    s = world["makassar"]
    s.starts_at, s.ends_at = NINE_WITA + timedelta(days=1), NINE_WITA + timedelta(days=1, hours=3)
    s.sequence, s.updated_at = 1, datetime(2026, 10, 5, tzinfo=UTC)
    db.session.commit()
    moved = _events(client.get(url).data)[s.uid]
    s.status, s.sequence, s.updated_at = "cancelled", 2, datetime(2026, 10, 6, tzinfo=UTC)
    db.session.commit()
    cancelled = _events(client.get(url).data)[s.uid]

    assert int(before["SEQUENCE"]) == 0 and before["STATUS"] == "CONFIRMED"
    assert int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART").astimezone(UTC) == NINE_WITA + timedelta(days=1)
    assert moved.decoded("DTSTART").hour == 9  # still 09.00 WITA, a day later
    assert int(cancelled["SEQUENCE"]) == 2 and cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("Dibatalkan: ")


def test_feed_response_is_text_calendar_and_cacheable(client, db, world):
    url = _feed_for(db, make_user())

    response = client.get(url)
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"].strip('"')})

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "max-age=300" in response.headers["Cache-Control"]
    assert response.data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert again.status_code == 304


def test_revoked_and_unknown_feeds_answer_404(client, db, world):
    user = make_user()
    url = _feed_for(db, user)
    revoke_feed(user)
    db.session.commit()

    assert client.get(url).status_code == 404
    assert client.get("/calendar/feed/bukan-token.ics").status_code == 404
    assert client.get(f"/calendar/feed/{'x' * 80}.ics").status_code == 404


def test_regenerated_feed_retires_the_old_url(client, db, world):
    user = make_user()
    old = _feed_for(db, user)
    new = _feed_for(db, user)

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_feed_of_a_deactivated_user_answers_404(client, db, world):
    user = make_user()
    url = _feed_for(db, user)
    user.is_active = False
    db.session.commit()

    assert client.get(url).status_code == 404


def test_participant_feed_holds_only_their_own_sessions(client, db, world):
    tree = world["tree"]
    me, other = make_person(tree["polsek_b"]), make_person(tree["polsek_b"])
    enrol(world["makassar"], me, "waitlisted")
    enrol(world["jayapura"], other)
    dropped = make_session(world["course"], tree["polda_b"], starts_at=TEN_WIT)
    enrol(dropped, me, "cancelled")
    draft = make_session(world["course"], tree["polda_b"], starts_at=TEN_WIT, status="draft")
    enrol(draft, me)
    url = _feed_for(db, make_user(person=me))

    uids = set(_events(client.get(url).data))

    assert uids == {world["makassar"].uid}


def test_trainer_feed_holds_the_sessions_they_train(client, db, world):
    coach = make_user(roles=("trainer",))
    certified = make_person(world["tree"]["polsek_a"])
    db.session.add(SessionTrainer(session=world["jayapura"], user=coach))
    db.session.add(SessionTrainer(session=world["makassar"], person=certified))
    coach_url = _feed_for(db, coach)
    person_url = _feed_for(db, make_user(person=certified))

    assert set(_events(client.get(coach_url).data)) == {world["jayapura"].uid}
    assert set(_events(client.get(person_url).data)) == {world["makassar"].uid}


def test_commander_feed_adds_the_sessions_of_their_command(client, db, world):
    tree = world["tree"]
    aimed = make_session(
        world["course"], tree["mabes"], starts_at=TEN_WIT, audience_unit=tree["polres_b"]
    )
    url = _feed_for(db, make_user(roles=("commander",), unit=tree["polda_b"]))

    uids = set(_events(client.get(url).data))

    assert uids == {world["makassar"].uid, aimed.uid}


def test_session_ics_needs_login_and_scope(client, login, world):
    s = world["makassar"]
    assert client.get(f"/calendar/sessions/{s.id}.ics").status_code == 302

    login("commander", unit=world["tree"]["polres_a"])
    outside = client.get(f"/calendar/sessions/{s.id}.ics")

    assert outside.status_code == 404


def test_session_ics_downloads_one_event(client, login, world):
    s = world["jayapura"]
    login("commander", unit=world["tree"]["papua"])

    response = client.get(f"/calendar/sessions/{s.id}.ics")

    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="sesi-{s.id}.ics"' in response.headers["Content-Disposition"]
    event = _events(response.data)[s.uid]
    assert event.decoded("DTSTART").astimezone(UTC) == TEN_WIT
    assert str(event["URL"]).endswith(f"/sessions/{s.id}")
    assert [str(tz["TZID"]) for tz in Calendar.from_ical(response.data).walk("VTIMEZONE")] == [
        "Asia/Jayapura"
    ]


def test_feed_reaches_ninety_days_back_and_four_hundred_days_ahead(db, world):
    person = make_person(world["tree"]["polsek_b"])
    enrol(world["makassar"], person)
    enrol(world["jayapura"], person)
    user = make_user(person=person)
    both = {world["makassar"].uid, world["jayapura"].uid}

    def uids(now):
        return {s.uid for s in feed_sessions(user, now=now)}

    assert uids(NINE_WITA + timedelta(days=89)) == both
    assert uids(NINE_WITA + timedelta(days=92)) == set()
    assert uids(NINE_WITA - timedelta(days=398)) == both
    assert uids(NINE_WITA - timedelta(days=402)) == set()
