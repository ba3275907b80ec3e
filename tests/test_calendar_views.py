"""Calendar pages: month, week and agenda in the viewer's zone, filters, scope, feed page."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

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
from tests.statements import count_statements
from training.calendar.models import CalendarFeed
from training.sessions.models import SessionTrainer

#: Monday 2 November 2026, 23.30 WIB = 16.30 UTC = Tuesday 01.30 WIT.
LATE_MONDAY = datetime(2026, 11, 2, 16, 30, tzinfo=UTC)


def cell(html: str, day: str) -> str:
    """The month/week grid cell of ``day`` (from its data-day attribute to </td>)."""
    match = re.search(rf'<td[^>]*data-day="{day}"[^>]*>(.*?)</td>', html, re.S)
    assert match, f"no cell for {day}"
    return match.group(1)


@pytest.fixture
def world(db):
    tree = make_tree()
    tree["papua"] = make_unit(tree["mabes"], timezone="Asia/Jayapura", name="Polda Papua")
    program = make_program(title="Pelatihan Akun Medsos Bercentang Biru")
    courses = {
        1: make_course(program, 1, title="Kapolda Bercentang Biru"),
        2: make_course(program, 2, title="Kapolres Bercentang Biru"),
    }
    late = make_session(courses[1], tree["polres_a"], starts_at=LATE_MONDAY, venue="Aula Polres A")
    db.session.commit()
    return {"tree": tree, "courses": courses, "late": late}


def test_month_grid_starts_on_monday_with_indonesian_names(client, login, world):
    login("admin")

    html = client.get("/calendar/?date=2026-11-15").text

    days = re.findall(r'data-day="([0-9-]+)"', html)
    assert days[0] == "2026-10-26" and days[-1] == "2026-12-06"
    assert len(days) == 42
    assert "November 2026" in html
    headers = re.findall(r'<th scope="col" class="text-center">(\w+)</th>', html)
    assert headers == ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]


def test_month_shows_a_late_wib_session_on_monday_for_a_jakarta_viewer(client, login, world):
    login("admin")

    html = client.get("/calendar/?date=2026-11-01").text

    assert "23.30 WIB" in cell(html, "2026-11-02")
    assert "Kapolda Bercentang Biru" in cell(html, "2026-11-02")
    assert "Kapolda" not in cell(html, "2026-11-03")
    assert "(23.30 WIB)" not in html  # same zone: no second time


def test_month_shows_the_same_session_on_tuesday_for_a_jayapura_viewer(client, login, world):
    login("admin", person=make_person(world["tree"]["papua"]))

    html = client.get("/calendar/?date=2026-11-01").text

    assert "01.30 WIT (23.30 WIB)" in cell(html, "2026-11-03")
    assert "Kapolda" not in cell(html, "2026-11-02")
    assert "zona Anda (WIT)" in html


def test_week_view_places_the_session_by_the_viewer_zone_with_times(client, login, world):
    login("admin", person=make_person(world["tree"]["papua"]))

    html = client.get("/calendar/week?date=2026-11-04").text

    assert "01.30–03.30 WIT (23.30–01.30 WIB)" in cell(html, "2026-11-03")
    assert "Kapolda" not in cell(html, "2026-11-02")
    assert re.findall(r'data-day="([0-9-]+)"', html)[:1] == ["2026-11-02"]


def test_agenda_lists_sessions_under_their_local_day(client, login, world):
    login("admin", person=make_person(world["tree"]["papua"]))

    html = client.get("/calendar/agenda?date=2026-11-01").text

    section = html.split('data-day="2026-11-03"', 1)[1]
    assert "Selasa, 3 November 2026" in section
    assert "Aula Polres A" in section
    assert 'data-day="2026-11-02"' not in html


def test_managers_link_to_the_sessions_detail_page(client, login, world):
    login("commander", unit=world["tree"]["polda_a"])

    html = client.get("/calendar/?date=2026-11-01").text

    assert f'href="/sessions/{world["late"].id}"' in html


def test_participants_link_to_the_calendar_session_page(client, login, db, world):
    me = make_person(world["tree"]["polsek_a"])
    enrol(world["late"], me)
    db.session.commit()
    login("participant", person=me)

    html = client.get("/calendar/?date=2026-11-01").text
    page = client.get(f"/calendar/sessions/{world['late'].id}")

    assert f'href="/calendar/sessions/{world["late"].id}"' in html
    assert page.status_code == 200 and "Aula Polres A" in page.text


def test_cancelled_session_is_struck_through(client, login, db, world):
    world["late"].status = "cancelled"
    db.session.commit()
    login("admin")

    html = cell(client.get("/calendar/?date=2026-11-01").text, "2026-11-02")

    assert "<del>" in html and "Dibatalkan" in html


def test_drafts_are_not_shown(client, login, db, world):
    make_session(
        world["courses"][2], world["tree"]["polres_a"], title="Usulan Draf", status="draft"
    )
    db.session.commit()
    login("admin")

    html = client.get("/calendar/?date=2026-11-01").text

    assert "Usulan Draf" not in html


def test_unit_filter_keeps_the_subtree_and_the_typed_code(client, login, db, world):
    tree = world["tree"]
    make_session(world["courses"][2], tree["polres_b"], title="Sesi Makassar")
    db.session.commit()
    login("admin")

    html = client.get(f"/calendar/?date=2026-11-01&unit={tree['polda_a'].code}").text

    assert "Kapolda Bercentang Biru" in html
    assert "Sesi Makassar" not in html
    assert f'value="{tree["polda_a"].code}"' in html


def test_unit_filter_matches_the_audience_unit_too(client, login, db, world):
    tree = world["tree"]
    make_session(
        world["courses"][2], tree["mabes"], title="Untuk Makassar", audience_unit=tree["polda_b"]
    )
    db.session.commit()
    login("admin")

    html = client.get(f"/calendar/?date=2026-11-01&unit={tree['polres_b'].code}").text
    html_b = client.get(f"/calendar/?date=2026-11-01&unit={tree['polda_b'].code}").text

    assert "Untuk Makassar" not in html  # audience polda_b is above polres_b
    assert "Untuk Makassar" in html_b


def test_unknown_unit_code_is_said_at_the_field_with_the_form_kept(client, login, world):
    login("admin")

    shown = client.get("/calendar/agenda?date=2026-11-01").text
    response = client.get("/calendar/agenda?unit=TIDAKADA&date=2026-11-01")

    assert response.status_code == 200
    assert "Satuan TIDAKADA tidak ditemukan dalam lingkup Anda." in response.text
    assert "Aula Polres A" in shown
    assert "Aula Polres A" not in response.text  # nothing listed
    assert 'value="TIDAKADA"' in response.text


def test_course_filter_selects_one_course(client, login, db, world):
    tree, courses = world["tree"], world["courses"]
    make_session(courses[2], tree["polres_a"], title="Sesi Tingkat Dua")
    db.session.commit()
    login("trainer")

    html = client.get(f"/calendar/?date=2026-11-01&course={courses[2].id}").text

    assert "Sesi Tingkat Dua" in html
    assert "Kapolda Bercentang Biru ·" not in html.split("<table", 1)[1]
    assert f'<option selected value="{courses[2].id}">' in html


def test_trainer_filter_selects_sessions_of_that_trainer(client, login, db, world):
    tree, courses = world["tree"], world["courses"]
    coach = make_user(roles=("trainer",), username="pelatih_siti")
    taught = make_session(courses[2], tree["polres_a"], title="Diajar Siti")
    db.session.add(SessionTrainer(session=taught, user=coach))
    db.session.commit()
    login("admin")

    html = client.get(f"/calendar/agenda?date=2026-11-01&trainer=u{coach.id}").text

    assert "Diajar Siti" in html
    assert "Aula Polres A" not in html
    assert f'<option selected value="u{coach.id}">pelatih_siti</option>' in html


def test_commander_sees_only_sessions_of_their_command(client, login, db, world):
    tree = world["tree"]
    make_session(world["courses"][2], tree["polres_b"], title="Sesi Makassar")
    db.session.commit()
    login("commander", unit=tree["polres_b"])

    html = client.get("/calendar/agenda?date=2026-11-01").text

    assert "Sesi Makassar" in html
    assert "Kapolda Bercentang Biru" not in html


def test_commander_out_of_scope_cannot_filter_by_another_region(client, login, world):
    login("commander", unit=world["tree"]["polres_b"])

    response = client.get(f"/calendar/?unit={world['tree']['polres_a'].code}&date=2026-11-01")

    assert response.status_code == 200
    assert f"Satuan {world['tree']['polres_a'].code} tidak ditemukan" in response.text
    assert "Kapolda Bercentang Biru" not in response.text


def test_participant_sees_only_sessions_they_are_enrolled_in(client, login, db, world):
    tree = world["tree"]
    me = make_person(tree["polsek_a"])
    mine = make_session(world["courses"][2], tree["polres_a"], title="Sesi Saya")
    enrol(mine, me)
    db.session.commit()
    login("participant", person=me)

    html = client.get("/calendar/agenda?date=2026-11-01").text

    assert "Sesi Saya" in html
    assert "Kapolda Bercentang Biru" not in html
    assert 'name="unit"' not in html  # no unit filter for participants


def test_bad_date_falls_back_to_today_with_a_message(client, login, world):
    login("admin")

    response = client.get("/calendar/week?date=2026-02-30")

    assert response.status_code == 200
    assert "Tanggal tidak valid" in response.text


def test_navigation_keeps_filters(client, login, world):
    login("admin")
    code = world["tree"]["polda_a"].code

    html = client.get(f"/calendar/?date=2026-11-10&unit={code}").text

    assert f"/calendar/?date=2026-10-01&amp;unit={code}" in html
    assert f"/calendar/?date=2026-12-01&amp;unit={code}" in html


def test_month_statements_do_not_grow_with_sessions(client, login, db, world):
    tree, courses = world["tree"], world["courses"]
    login("admin")
    with count_statements(db) as few:
        client.get("/calendar/?date=2026-11-01")
    for day in range(5, 25):  # each at its own venue, for its own audience unit
        venue = make_unit(tree["polda_b"], timezone="Asia/Makassar")
        s = make_session(
            courses[2],
            venue,
            starts_at=datetime(2026, 11, day, 2, 0, tzinfo=UTC),
            audience_unit=make_unit(venue),
        )
        db.session.add(SessionTrainer(session=s, user=make_user(roles=("trainer",))))
    db.session.commit()

    with count_statements(db) as many:
        html = client.get("/calendar/?date=2026-11-01").text

    assert html.count("Kapolres Bercentang Biru") >= 20
    assert len(many) == len(few)


def test_session_page_shows_details_in_scope_and_404_outside(client, login, db, world):
    late = world["late"]
    db.session.add(
        SessionTrainer(session=late, user=make_user(roles=("trainer",), username="budi"))
    )
    db.session.commit()
    login("commander", unit=world["tree"]["polda_a"])

    html = client.get(f"/calendar/sessions/{late.id}").text

    assert "Aula Polres A" in html and "budi" in html and "0 / 30" in html
    assert client.get("/calendar/sessions/999999").status_code == 404


def test_session_page_outside_scope_is_404(client, login, world):
    login("commander", unit=world["tree"]["polres_b"])

    assert client.get(f"/calendar/sessions/{world['late'].id}").status_code == 404


def _feeds(db, user):
    return db.session.scalars(select(CalendarFeed).where(CalendarFeed.user_id == user.id)).all()


def test_feed_page_creates_regenerates_and_revokes_the_secret_url(client, login, db, world):
    user = login("participant", person=make_person(world["tree"]["polsek_a"]))
    assert "Belum ada tautan kalender" in client.get("/calendar/feed").text

    client.post("/calendar/feed")
    first = _feeds(db, user)[0].token
    page = client.get("/calendar/feed").text
    client.post("/calendar/feed")
    feeds = [(f.token, f.revoked_at is None) for f in _feeds(db, user)]
    client.post("/calendar/feed/revoke")

    assert f"http://localhost/calendar/feed/{first}.ics" in page
    assert f'href="webcal://localhost/calendar/feed/{first}.ics"' in page
    assert [active for _token, active in feeds] == [False, True]
    assert feeds[1][0] != first and len(feeds[1][0]) >= 43
    assert all(f.revoked_at is not None for f in _feeds(db, user))
    assert "Belum ada tautan kalender" in client.get("/calendar/feed").text


def test_feed_actions_need_post(client, login, world):
    login("admin")

    assert client.get("/calendar/feed/revoke").status_code == 405


@pytest.mark.parametrize(
    "query",
    [
        "course=99999999999999999999",
        "course=abc",
        "trainer=u99999999999999999999",
        "trainer=x1",
        "date=9999-12-31",
        "date=0001-01-01",
        "unit=" + "A" * 300,
    ],
)
def test_odd_filter_values_never_fail(client, login, world, query):
    login("admin")

    response = client.get(f"/calendar/agenda?{query}")

    assert response.status_code in (200, 404)


def test_huge_session_id_is_404(client, login, world):
    login("admin")

    assert client.get("/calendar/sessions/99999999999999999999").status_code == 404
    assert client.get("/calendar/sessions/99999999999999999999.ics").status_code == 404
