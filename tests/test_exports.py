"""Attendance and results exports: Indonesian headers, local times, formulas neutralised,
scope (commanders only their subtree's people, participants 403)."""

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from tests.factories import enrol, make_course, make_person, make_session, make_tree, make_user
from training.attendance.models import AbsenceWarning, Attendance
from training.extensions import db as _db
from training.standing.engine import refresh_standing

NINE_WITA = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 1, tzinfo=UTC)
HEADER = [
    "NRP/NIP",
    "Nama",
    "Pangkat",
    "Jabatan",
    "Satuan",
    "Kursus",
    "Sesi",
    "Waktu (lokal)",
    "Status kehadiran",
    "Metode",
    "Catatan",
    "Kehadiran %",
    "Rata-rata",
    "Lulus",
    "Status",
]


def mark(session, person, status, method="roll_call", note="", checked_in_at=None):
    _db.session.add(
        Attendance(
            session_id=session.id,
            person_id=person.id,
            status=status,
            method=method,
            note=note,
            checked_in_at=checked_in_at,
            updated_at=session.ends_at,
        )
    )


@pytest.fixture
def world(db):
    """A Makassar session (Polres B, WITA) with one person of Polsek A and two of Polsek B."""
    tree = make_tree()
    course = make_course(tier=2, title="Kapolres Bercentang Biru", min_attendance_pct=80)
    session = make_session(course, tree["polres_b"], starts_at=NINE_WITA, title="Sesi Makassar")
    ani = make_person(tree["polsek_a"], full_name="Ani Lestari", nrp="82000001", rank="AKBP")
    budi = make_person(tree["polsek_b"], full_name="Budi Santoso", nrp="82000002")
    cici = make_person(tree["polsek_b"], full_name="=HYPERLINK(1)", nrp="82000003")
    for person in (ani, budi, cici):
        enrol(session, person)
    checked = datetime(2026, 11, 3, 1, 5, tzinfo=UTC)
    mark(session, ani, "hadir", method="code", checked_in_at=checked)
    mark(session, budi, "sakit", note="+rawat inap")
    db.session.flush()
    refresh_standing(course, [ani.id, budi.id, cici.id], now=LATER)
    db.session.commit()
    return {"tree": tree, "course": course, "session": session}


def _csv(client, url):
    with client.get(url) as response:
        assert response.status_code == 200
        return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_session_csv_has_indonesian_headers_local_times_and_standing(client, login, world):
    login("trainer")

    rows = _csv(client, f"/reports/sessions/{world['session'].id}.csv")

    assert rows[0] == HEADER
    by_nrp = {r[0]: r for r in rows[1:]}
    assert by_nrp["82000001"] == [
        "82000001",
        "Ani Lestari",
        "AKBP",
        "Operator media sosial",
        world["tree"]["polsek_a"].name,
        "Kapolres Bercentang Biru",
        "Sesi Makassar",
        "2026-11-03 09.00 WITA",
        "Hadir",
        "Kode ketik",
        "",
        "100",
        "",
        "",
        "Sedang berjalan",
    ]
    assert by_nrp["82000002"][8:12] == ["Sakit", "Daftar hadir pelatih", "'+rawat inap", ""]
    assert by_nrp["82000003"][1] == "'=HYPERLINK(1)"
    assert by_nrp["82000003"][8:12] == ["", "", "", "0"]  # unmarked, ended: Alpa in the share


def test_commander_exports_only_their_subtrees_people(client, login, world):
    login("commander", unit=world["tree"]["polda_b"])

    rows = _csv(client, f"/reports/courses/{world['course'].id}.csv")

    assert sorted(r[0] for r in rows[1:]) == ["82000002", "82000003"]


def test_unit_export_covers_the_subtree_and_can_be_narrowed_to_a_course(client, login, world):
    login("admin")
    code = world["tree"]["polda_a"].code

    everything = _csv(client, f"/reports/units/{code}.csv")
    other_course = make_course(tier=3)
    _db.session.commit()
    narrowed = _csv(client, f"/reports/units/{code}.csv?course={other_course.id}")

    assert [r[0] for r in everything[1:]] == ["82000001"]
    assert narrowed[1:] == []


def test_xlsx_keeps_formulas_as_text(client, login, world):
    login("admin")

    with client.get(f"/reports/courses/{world['course'].id}.xlsx") as response:
        sheet = load_workbook(io.BytesIO(response.data)).active

    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0] == HEADER
    names = [r[1] for r in values[1:]]
    assert "=HYPERLINK(1)" in names or "'=HYPERLINK(1)" in names
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)


def test_out_of_scope_session_is_404_and_participants_get_403(client, login, world):
    login("commander", unit=world["tree"]["polda_a"])
    assert client.get(f"/reports/sessions/{world['session'].id}.csv").status_code == 404

    client.post("/logout")
    login("participant", person=make_person(world["tree"]["polsek_b"]))
    assert client.get(f"/reports/courses/{world['course'].id}.csv").status_code == 403


def test_warnings_page_lists_people_below_the_minimum_in_scope(client, login, world):
    assert _db.session.query(AbsenceWarning).count() == 1  # Cici: 0 % (Budi is excused)
    login("commander", unit=world["tree"]["polda_b"])

    page = client.get("/reports/warnings").text

    assert "Peringatan ketidakhadiran" in page and "=HYPERLINK(1)" in page
    assert "0%" in page and "80%" in page


def test_warnings_are_hidden_from_other_commands(client, login, world):
    login("commander", unit=world["tree"]["polda_a"])

    page = client.get("/reports/warnings").text

    assert "HYPERLINK" not in page and "Tidak ada peringatan." in page


def test_trainer_of_a_region_sees_warnings_of_people_in_sessions_they_can_see(client, db, world):
    from training.attendance.reports import warnings_for

    regional = make_user(roles=("trainer",), unit=world["tree"]["polres_b"])
    elsewhere = make_user(roles=("trainer",), unit=make_tree()["polda_a"])

    seen = db.session.scalars(warnings_for(regional)).all()
    unseen = db.session.scalars(warnings_for(elsewhere)).all()

    assert [w.person.nrp for w in seen] == ["82000003"] and unseen == []


def test_report_form_redirects_to_the_course_or_unit_download(client, login, world):
    login("trainer")
    course_id, code = world["course"].id, world["tree"]["polda_b"].code

    by_course = client.get(f"/reports/?go=1&course={course_id}&fmt=xlsx")
    by_unit = client.get(f"/reports/?go=1&course={course_id}&unit={code}&fmt=csv")

    assert by_course.headers["Location"] == f"/reports/courses/{course_id}.xlsx"
    assert by_unit.headers["Location"] == f"/reports/units/{code}.csv?course={course_id}"


def test_report_form_explains_missing_choices_and_unknown_units(client, login, world):
    login("commander", unit=world["tree"]["polda_a"])

    empty = client.get("/reports/?go=1").text
    hidden = client.get(f"/reports/?go=1&unit={world['tree']['polda_b'].code}").text

    assert "Pilih kursus atau isi kode satuan." in empty
    message = f"Satuan {world['tree']['polda_b'].code} tidak ditemukan dalam lingkup Anda."
    assert (
        f'<div class="invalid-feedback" id="unit-error">{message}</div>' in hidden
    )  # at the field
    assert "Pilih kursus atau isi kode satuan." not in hidden
    assert f'value="{world["tree"]["polda_b"].code}"' in hidden  # typed code kept
