"""Enrolment pages: roster and actions, commanders' open sessions and enrolment, my schedule."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import (
    enrol,
    make_course,
    make_people_across_units,
    make_person,
    make_session,
    make_tree,
    make_unit,
)
from tests.statements import count_statements
from training.sessions.enrollments import Enrollment

FUTURE = datetime(2031, 2, 4, 2, 0, tzinfo=UTC)  # Tuesday 09.00 WIB


@pytest.fixture
def tree(db):
    return make_tree()


def session_for(tree, capacity=30, **kw):
    kw.setdefault("starts_at", FUTURE)
    kw.setdefault("audience_unit", tree["polda_a"])
    kw.setdefault("title", "Kelas Kapolsek")
    return make_session(
        make_course(tier=3),
        kw.pop("venue", tree["polres_a"]),
        capacity=capacity,
        audience_positions=["kapolsek"],
        **kw,
    )


def kapolsek(unit, name, **kw):
    return make_person(unit, full_name=name, position="kapolsek", **kw)


def waitlist(session, person, rank):
    row = enrol(session, person, status="waitlisted")
    row.waitlist_rank = rank
    return row


def status_of(db, session):
    rows = db.session.scalars(
        select(Enrollment)
        .where(Enrollment.session_id == session.id)
        .execution_options(populate_existing=True)
    )
    return {e.person.full_name: e.status for e in rows}


# --- per-session roster -----------------------------------------------------------------


def test_trainer_sees_the_enrolled_list_the_waitlist_in_order_and_the_counts(
    client, db, login, tree
):
    session = session_for(tree, capacity=1)
    enrol(session, kapolsek(tree["polsek_a"], "Andi Wijaya"))
    waitlist(session, kapolsek(tree["polsek_a"], "Citra Lestari"), 2)
    waitlist(session, kapolsek(tree["polsek_a"], "Bayu Pratama"), 1)
    login("trainer")

    page = client.get(f"/sessions/{session.id}/peserta").text

    assert '<div class="fs-4" id="count-enrolled">1 / 1</div>' in page
    assert '<div class="fs-4" id="count-waiting">2</div>' in page
    assert page.index("Andi Wijaya") < page.index("Bayu Pratama") < page.index("Citra Lestari")
    assert "Daftarkan sasaran" in page
    assert "4 Feb 2031 09.00 WIB" in page


def test_enrol_audience_button_reports_the_counts(client, db, login, tree):
    session = session_for(tree, capacity=2)
    for name in ["Andi", "Bayu", "Citra"]:
        kapolsek(tree["polsek_a"], name)
    login("trainer")

    page = client.post(f"/sessions/{session.id}/peserta/sasaran", follow_redirects=True).text

    assert (
        "Sasaran didaftarkan: 2 terdaftar, 1 masuk daftar tunggu, 0 dilewati karena jadwal "
        "bertabrakan, 0 sudah terdaftar sebelumnya."
    ) in page
    assert status_of(db, session) == {"Andi": "enrolled", "Bayu": "enrolled", "Citra": "waitlisted"}


def test_add_by_nrp_enrols_or_waitlists_when_full(client, db, login, tree):
    session = session_for(tree, capacity=1)
    kapolsek(tree["polsek_a"], "Andi", nrp="87000001")
    kapolsek(tree["polsek_a"], "Bayu", nrp="87000002")
    login("trainer")
    url = f"/sessions/{session.id}/peserta/tambah"

    first = client.post(url, data={"nrp": "87000001"}, follow_redirects=True).text
    second = client.post(url, data={"nrp": " 87000002 "}, follow_redirects=True).text

    assert "Andi didaftarkan." in first
    assert "Kursi penuh: Bayu masuk daftar tunggu." in second
    assert status_of(db, session) == {"Andi": "enrolled", "Bayu": "waitlisted"}


@pytest.mark.parametrize(
    ("nrp", "message"),
    [
        ("99999999", "NRP/NIP 99999999 tidak ditemukan di lingkup Anda."),
        ("12ab", "NRP 8 angka atau NIP 18 angka."),
        ("", "Isi NRP atau NIP."),
    ],
)
def test_add_by_nrp_explains_bad_input(client, db, login, tree, nrp, message):
    session = session_for(tree)
    login("trainer")

    response = client.post(f"/sessions/{session.id}/peserta/tambah", data={"nrp": nrp})

    assert response.status_code == 400  # the roster page again, not a redirect
    error = f'<div class="invalid-feedback" id="nrp-error">{message}</div>'
    assert error in response.text  # at the field, which keeps what was typed
    assert f'value="{nrp}"' in response.text or nrp == ""
    assert 'aria-describedby="nrp-error"' in response.text
    assert status_of(db, session) == {}


def test_regional_trainer_cannot_add_someone_outside_their_region(client, db, login, tree):
    session = session_for(tree)  # held and aimed inside Polda A: the trainer manages it
    kapolsek(tree["polsek_b"], "Orang Polda B", nrp="87000009")
    login("trainer", unit=tree["polda_a"])

    page = client.post(
        f"/sessions/{session.id}/peserta/tambah", data={"nrp": "87000009"}, follow_redirects=True
    ).text

    assert "NRP/NIP 87000009 tidak ditemukan di lingkup Anda." in page


def test_remove_cancels_and_promotes_the_first_waiting(client, db, login, tree):
    session = session_for(tree, capacity=1)
    seated = enrol(session, kapolsek(tree["polsek_a"], "Andi"))
    waitlist(session, kapolsek(tree["polsek_a"], "Bayu"), 1)
    waitlist(session, kapolsek(tree["polsek_a"], "Citra"), 2)
    login("admin")

    page = client.post(
        f"/sessions/{session.id}/peserta/{seated.id}/hapus", follow_redirects=True
    ).text

    assert "Andi dikeluarkan dari sesi." in page
    assert "Bayu naik dari daftar tunggu." in page
    assert status_of(db, session) == {
        "Andi": "cancelled",
        "Bayu": "enrolled",
        "Citra": "waitlisted",
    }


def test_remove_with_an_enrolment_of_another_session_is_not_found(client, db, login, tree):
    session, other = session_for(tree), session_for(tree)
    row = enrol(other, kapolsek(tree["polsek_a"], "Andi"))
    login("admin")

    response = client.post(f"/sessions/{session.id}/peserta/{row.id}/hapus")

    assert response.status_code == 404


def test_commander_reads_only_their_own_people_without_actions(client, db, login, tree):
    session = session_for(tree)
    other_polres = make_unit(tree["polda_a"])
    enrol(session, kapolsek(tree["polsek_a"], "Anak Buah Sendiri"))
    enrol(session, kapolsek(make_unit(other_polres), "Anak Buah Lain"))
    login("commander", unit=tree["polres_a"])

    page = client.get(f"/sessions/{session.id}/peserta").text

    assert "Anak Buah Sendiri" in page
    assert "Anak Buah Lain" not in page
    assert '<div class="fs-4" id="count-enrolled">2 / 30</div>' in page
    assert "Keluarkan" not in page and "Daftarkan sasaran" not in page


def test_commanders_and_participants_cannot_change_the_roster(client, db, login, tree):
    session = session_for(tree)
    person = kapolsek(tree["polsek_a"], "Andi", nrp="87000011")
    login("commander", "participant", unit=tree["polda_a"], person=person)

    add = client.post(f"/sessions/{session.id}/peserta/tambah", data={"nrp": "87000011"})
    fill = client.post(f"/sessions/{session.id}/peserta/sasaran")

    assert (add.status_code, fill.status_code) == (403, 403)
    assert status_of(db, session) == {}


def test_participant_cannot_open_the_enrol_page(client, db, login, tree):
    session = session_for(tree)
    login("participant", person=kapolsek(tree["polsek_a"], "Peserta"))

    assert client.get(f"/sessions/{session.id}/peserta/daftarkan").status_code == 403


def test_commander_of_another_region_gets_not_found(client, db, login, tree):
    session = session_for(tree)
    login("commander", unit=tree["polres_b"])

    assert client.get(f"/sessions/{session.id}/peserta/daftarkan").status_code == 404
    assert client.get(f"/sessions/{session.id}/peserta").status_code == 404


# --- commanders' open sessions and enrolment --------------------------------------------


def test_open_sessions_are_those_whose_audience_overlaps_the_command(client, db, login, tree):
    session_for(tree, title="Sasaran Polda A")
    session_for(tree, title="Sasaran Polsek A", audience_unit=tree["polsek_a"])
    session_for(tree, title="Sasaran Polda B", audience_unit=tree["polda_b"])
    session_for(tree, title="Sudah Lewat", starts_at=datetime(2020, 1, 7, 2, 0, tzinfo=UTC))
    session_for(tree, title="Batal", status="cancelled")
    session_for(tree, title="Masih Draf", status="draft")
    login("commander", unit=tree["polres_a"])

    page = client.get("/sesi-terbuka").text

    assert "Sasaran Polda A" in page and "Sasaran Polsek A" in page
    for hidden in ["Sasaran Polda B", "Sudah Lewat", "Batal", "Masih Draf"]:
        assert hidden not in page


def test_commander_enrols_the_checked_people(client, db, login, tree):
    session = session_for(tree)
    andi = kapolsek(tree["polsek_a"], "Andi")
    bayu = kapolsek(tree["polsek_a"], "Bayu")
    make_person(tree["polsek_a"], full_name="Operator Saja", position="operator_medsos")
    kapolsek(tree["polsek_b"], "Orang Lain")
    login("commander", unit=tree["polres_a"])
    url = f"/sessions/{session.id}/peserta/daftarkan"

    listing = client.get(url).text
    done = client.post(url, data={"person_ids": [andi.id, bayu.id]}, follow_redirects=True).text

    assert "Andi" in listing and "Bayu" in listing
    assert "Operator Saja" not in listing and "Orang Lain" not in listing
    assert "2 personel didaftarkan." in done
    assert status_of(db, session) == {"Andi": "enrolled", "Bayu": "enrolled"}


def test_commander_can_list_every_position_on_request(client, db, login, tree):
    session = session_for(tree)
    make_person(tree["polsek_a"], full_name="Operator Saja", position="operator_medsos")
    login("commander", unit=tree["polres_a"])

    page = client.get(f"/sessions/{session.id}/peserta/daftarkan?semua=1").text

    assert "Operator Saja" in page


def test_commander_enrolment_with_a_foreign_person_saves_nothing(client, db, login, tree):
    session = session_for(tree, audience_unit=tree["mabes"])
    mine = kapolsek(tree["polsek_a"], "Anak Buah")
    foreign = kapolsek(tree["polsek_b"], "Bukan Anak Buah")
    login("commander", unit=tree["polres_a"])

    response = client.post(
        f"/sessions/{session.id}/peserta/daftarkan", data={"person_ids": [mine.id, foreign.id]}
    )

    assert response.status_code == 200
    assert "Sebagian personel yang dipilih tidak ditemukan di lingkup Anda." in response.text
    assert f'value="{mine.id}" checked' in response.text
    assert status_of(db, session) == {}


def test_commander_enrolment_without_a_choice_asks_for_one(client, db, login, tree):
    session = session_for(tree)
    login("commander", unit=tree["polres_a"])

    page = client.post(f"/sessions/{session.id}/peserta/daftarkan", data={}).text

    assert "Pilih minimal satu personel." in page


def test_commander_enrolment_reports_a_double_booking(client, db, login, tree):
    session = session_for(tree)
    busy = kapolsek(tree["polsek_a"], "Sibuk", nrp="87000021")
    other = session_for(tree, title="Rapat Lain", starts_at=FUTURE + timedelta(hours=1))
    enrol(other, busy)
    login("commander", unit=tree["polres_a"])

    page = client.post(
        f"/sessions/{session.id}/peserta/daftarkan", data={"person_ids": [busy.id]}
    ).text

    assert "Sibuk (NRP 87000021) sudah terdaftar di sesi Rapat Lain" in page
    assert "4 Feb 2031 10.00 WIB" in page
    assert status_of(db, session) == {}


def test_enrol_page_of_a_started_session_says_it_is_closed(client, db, login, tree):
    session = session_for(tree, starts_at=datetime(2020, 1, 7, 2, 0, tzinfo=UTC))
    login("commander", unit=tree["polres_a"])

    page = client.get(f"/sessions/{session.id}/peserta/daftarkan").text

    assert "Sesi ini tidak terbuka untuk pendaftaran" in page


# --- my schedule ------------------------------------------------------------------------


def test_my_schedule_shows_venue_time_and_my_own_zone(client, db, login, tree):
    me = kapolsek(tree["polsek_b"], "Saya Sendiri")  # Asia/Makassar (WITA)
    session = session_for(tree, title="Kelas Jakarta", audience_unit=tree["mabes"])
    enrol(session, me)
    login("participant", person=me)

    page = client.get("/jadwal-saya").text

    assert "Kelas Jakarta" in page
    assert "4 Feb 2031 09.00 WIB–11.00 WIB" in page
    assert "4 Feb 2031 10.00 WITA–12.00 WITA" in page
    assert "Terdaftar" in page


def test_my_schedule_shows_waitlist_place_cancelled_and_past_sessions(client, db, login, tree):
    me = kapolsek(tree["polsek_a"], "Saya Sendiri")
    full = session_for(tree, title="Kelas Penuh", capacity=1)
    waitlist(full, kapolsek(tree["polsek_a"], "Duluan"), 1)
    waitlist(full, me, 2)
    enrol(session_for(tree, title="Kelas Batal", status="cancelled"), me)
    enrol(
        session_for(tree, title="Kelas Lama", starts_at=datetime(2020, 1, 7, 2, 0, tzinfo=UTC)),
        me,
    )
    removed = enrol(session_for(tree, title="Kelas Dikeluarkan"), me)
    removed.status = "cancelled"
    login("participant", person=me)

    page = client.get("/jadwal-saya").text

    assert "Daftar tunggu no. 2" in page
    assert '<span class="badge text-bg-danger" data-stage="cancelled">Dibatalkan</span>' in page
    assert '<span class="badge text-bg-warning" data-stage="ended">Selesai</span>' in page
    assert page.index("Sudah lewat") < page.index("Kelas Lama")
    assert "Kelas Dikeluarkan" not in page
    assert "4 Feb 2031 09.00 WIB" in page and "WITA" not in page


def test_my_schedule_without_a_person_explains_why_it_is_empty(client, db, login):
    login("admin")

    page = client.get("/jadwal-saya").text

    assert "Akun Anda belum terhubung dengan data personel" in page
    assert 'href="/jadwal-saya"' not in page


def test_nav_links_my_schedule_for_users_with_a_person(client, db, login, tree):
    login("participant", person=kapolsek(tree["polsek_a"], "Saya"))

    assert 'href="/jadwal-saya">Jadwal saya</a>' in client.get("/").text


def test_roster_page_statements_are_the_same_for_one_unit_or_many(client, login, db, tree):
    """3 enrolled of one Polsek and 45 (plus 5 waitlisted) of 15 Polres with varied ranks
    and positions: the roster loads each row's unit with the rows."""
    small = session_for(tree, capacity=60)
    for n in range(3):
        enrol(small, kapolsek(tree["polsek_a"], f"Kecil {n}"))
    large = session_for(tree, capacity=60)
    people = make_people_across_units(10, 5, parent=tree["polda_a"])
    for person in people[:45]:
        enrol(large, person)
    for rank, person in enumerate(people[45:], start=1):
        waitlist(large, person, rank)
    db.session.commit()
    login("trainer")

    def count(session):
        db.session.expire_all()
        with count_statements() as statements:
            html = client.get(f"/sessions/{session.id}/peserta").text
        return len(statements), html

    few, (many, html) = count(small)[0], count(large)

    assert all(p.full_name in html for p in people)
    assert many == few
