"""Programme pages: forms, detail with cycles and tiers, the cascade panel and overrides."""

import re
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from tests.factories import (
    make_command_tree,
    make_course_status,
    make_person,
    make_tree,
    make_unit,
    make_user,
)
from training.assessments.framework import assign_default_competencies
from training.programs.models import Course, Cycle, OverrideRecord, Program
from training.programs.services import create_cycle, create_program

PROGRAM_FORM = {
    "title": "Pelatihan Akun Medsos Bercentang Biru",
    "description": "Program 40 hari",
    "starts_on": "2022-11-01",
    "ends_on": "2022-12-10",
    "refresher_months": "6",
    "cascade_threshold": "80",
    "is_active": "y",
    "with_default_tiers": "y",
}
COURSE_FORM = {
    "tier": "4",
    "title": "Tingkat 4 — Operator Polsek",
    "description": "Menjawab aduan warga dalam 15 menit",
    "target_positions": ["operator_medsos"],
    "target_levels": ["polsek"],
    "min_attendance_pct": "75",
    "pass_min_average": "4",
    "late_grace_minutes": "10",
    "validity_months": "6",
}


@pytest.fixture
def tree(db):
    tree = make_tree()
    tree["polda_a"].name, tree["polda_b"].name = "Polda Jawa Timur", "Polda Sulawesi Selatan"
    tree["polres_a"].name, tree["polres_b"].name = "Polres Malang", "Polres Gowa"
    db.session.commit()
    return tree


@pytest.fixture
def program(db, tree):
    program = create_program(
        "Pelatihan Akun Medsos", date(2026, 11, 1), date(2026, 12, 10), with_default_tiers=True
    )
    create_cycle(program)
    tier1 = program.courses[0]
    for unit, done, total in ((tree["polda_a"], 2, 5), (tree["polda_b"], 2, 2)):
        positions = ["kapolda", "wakapolda"] + ["operator_medsos"] * (total - 2)
        for i, position in enumerate(positions):
            person = make_person(unit, position=position)
            make_course_status(person, tier1, "completed" if i < done else "in_progress")
    db.session.commit()
    return program


# --- list and forms ----------------------------------------------------------------------


def test_admin_creates_a_programme_with_default_tiers_and_its_first_cycle(client, login, db):
    login("admin")

    response = client.post("/programs/new", data=PROGRAM_FORM)

    program = db.session.query(Program).one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/programs/{program.id}")
    assert [c.tier for c in program.courses] == [1, 2, 3]
    assert [(c.number, c.starts_on, c.ends_on) for c in program.cycles] == [
        (1, date(2022, 11, 1), date(2022, 12, 10))
    ]


def test_programme_form_refuses_end_before_start_and_keeps_the_input(client, login, db):
    login("admin")

    response = client.post("/programs/new", data=PROGRAM_FORM | {"ends_on": "2022-10-01"})

    assert response.status_code == 200
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.text
    assert 'value="Pelatihan Akun Medsos Bercentang Biru"' in response.text
    assert db.session.query(Program).count() == 0
    assert db.session.query(Course).count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("refresher_months", "enam", "Harus bilangan bulat."),
        ("starts_on", "31/02/2022", "Tanggal tidak valid."),
        ("title", "", "Wajib diisi."),
        ("cascade_threshold", "150", "Ambang berjenjang harus 0 sampai 100%."),
    ],
)
def test_programme_form_reports_bad_fields_in_indonesian(client, login, db, field, value, message):
    login("admin")

    response = client.post("/programs/new", data=PROGRAM_FORM | {field: value})

    assert response.status_code == 200
    assert message in response.text
    assert db.session.query(Program).count() == 0


def test_list_shows_programmes_to_commanders(client, login, program, tree):
    login("commander", unit=tree["polres_b"])

    response = client.get("/programs/")

    assert response.status_code == 200
    assert "Pelatihan Akun Medsos" in response.text
    assert "Tambah program" not in response.text


def test_participants_cannot_open_programmes(client, login, program):
    login("participant")

    assert client.get("/programs/").status_code == 403
    assert client.get(f"/programs/{program.id}").status_code == 403


def test_unknown_programme_and_course_answer_404(client, login, program):
    login("admin")

    assert client.get("/programs/99999").status_code == 404
    assert client.get("/programs/courses/99999/edit").status_code == 404
    assert client.get(f"/programs/{program.id}?region=TIDAKADA").status_code == 404


def test_admin_edits_a_programme(client, login, program, db):
    login("admin")

    response = client.post(
        f"/programs/{program.id}/edit",
        data=PROGRAM_FORM | {"title": "Program Revisi", "cascade_threshold": "70"},
    )

    assert response.status_code == 302
    db.session.refresh(program)
    assert (program.title, program.cascade_threshold, program.starts_on) == (
        "Program Revisi",
        70,
        date(2022, 11, 1),
    )
    assert (program.cycles[0].starts_on, program.cycles[0].ends_on) == (
        date(2022, 11, 1),
        date(2022, 12, 10),
    )


def test_next_cycle_button_creates_cycle_2_and_the_page_shows_it(client, login, program, db):
    login("admin")

    response = client.post(f"/programs/{program.id}/cycles", follow_redirects=True)

    cycle = db.session.query(Cycle).filter_by(number=2).one()
    assert (cycle.starts_on, cycle.ends_on) == (date(2027, 5, 1), date(2027, 6, 10))
    assert "Siklus 2 dibuat." in response.text
    assert "1 Mei 2027" in response.text


def test_detail_shows_tiers_with_targets_and_pass_rule(client, login, program):
    login("trainer")

    response = client.get(f"/programs/{program.id}")

    assert response.status_code == 200
    assert "Tingkat 3</span>Kapolsek" in response.text
    assert "Kapolsek, Wakapolsek, Operator media sosial" in response.text
    assert "Kehadiran minimal 80%; rata-rata minimal Baik (3), tanpa nilai Kurang" in response.text
    assert "12 bulan" in response.text
    assert "Buat siklus berikutnya" not in response.text  # trainers read only


def test_detail_lists_the_competencies_each_tier_assesses(client, login, program, db):
    assign_default_competencies(program.courses[0])
    db.session.commit()
    login("trainer")

    response = client.get(f"/programs/{program.id}")

    tier1, tier2 = response.text.split("Tingkat 2</span>")
    assert "Verifikasi &amp; keamanan akun, Menjawab aduan lewat mention" in tier1
    assert "Verifikasi &amp; keamanan akun" not in tier2
    assert "Belum ditetapkan" in tier2  # tiers 2 and 3 have none yet


def test_admin_adds_a_fourth_tier_from_checkboxes(client, login, program, db):
    login("admin")

    response = client.post(f"/programs/{program.id}/courses/new", data=COURSE_FORM)

    assert response.status_code == 302
    course = db.session.query(Course).filter_by(program_id=program.id, tier=4).one()
    assert (course.target_positions, course.target_levels) == (["operator_medsos"], ["polsek"])
    assert (course.min_attendance_pct, course.pass_min_average, course.pass_no_kurang) == (
        75,
        4,
        False,
    )
    assert (course.late_grace_minutes, course.validity_months) == (10, 6)


def test_course_form_proposes_the_next_tier(client, login, program):
    login("admin")

    response = client.get(f"/programs/{program.id}/courses/new")

    tier_input = re.search(r'<input[^>]*name="tier"[^>]*>', response.text).group(0)
    assert 'value="4"' in tier_input


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tier": "2"}, "Tingkat 2 sudah ada dalam program ini."),
        ({"target_positions": []}, "Pilih paling sedikit satu jabatan sasaran yang dikenal."),
        ({"target_levels": ["mabes"]}, "&#39;mabes&#39; bukan pilihan yang valid."),
        ({"validity_months": "0"}, "Masa berlaku sertifikat harus 1 sampai 120 bulan."),
        ({"pass_min_average": "9"}, "Pilihan tidak valid"),
    ],
)
def test_course_form_refuses_bad_input_and_keeps_it(client, login, program, db, changes, message):
    login("admin")

    response = client.post(f"/programs/{program.id}/courses/new", data=COURSE_FORM | changes)

    assert response.status_code == 200
    assert message in response.text
    assert "Tingkat 4 — Operator Polsek" in response.text
    assert db.session.query(Course).count() == 3


def test_admin_edits_a_course(client, login, program, db):
    login("admin")
    course = program.courses[2]
    data = COURSE_FORM | {"tier": "3", "title": "Tingkat 3 — Kapolsek dan operator"}

    response = client.post(f"/programs/courses/{course.id}/edit", data=data)

    assert response.status_code == 302
    db.session.refresh(course)
    assert (course.title, course.validity_months) == ("Tingkat 3 — Kapolsek dan operator", 6)


# --- cascade panel -----------------------------------------------------------------------


def _panel_row(text, name):
    start = text.index(name, text.index('id="cascade"'))
    return text[start : text.index("</tr>", start)]


def test_cascade_panel_shows_previous_tier_completion_per_polda(client, login, program):
    login("admin")

    response = client.get(f"/programs/{program.id}")

    jatim = _panel_row(response.text, "Polda Jawa Timur")
    sulsel = _panel_row(response.text, "Polda Sulawesi Selatan")
    assert "40% <span" in jatim and "(2 dari 5)" in jatim and "tertutup" in jatim
    assert "100% <span" in sulsel and "(2 dari 2)" in sulsel and "terbuka" in sulsel


def test_cascade_panel_drills_into_a_polda_per_polres(client, login, program, tree, db):
    polres_c = make_unit(tree["polda_a"], name="Polres Batu")
    tier2 = program.courses[1]
    for unit, done in ((tree["polres_a"], 1), (polres_c, 0)):
        person = make_person(unit, position="kapolres")
        make_course_status(person, tier2, "completed" if done else "not_started")
    db.session.commit()
    login("admin")

    response = client.get(f"/programs/{program.id}?region={tree['polda_a'].code}")

    malang = _panel_row(response.text, "Polres Malang")
    batu = _panel_row(response.text, "Polres Batu")
    assert "Polda Sulawesi Selatan" not in response.text
    # tier 2 follows the Polda; tier 3 is judged on each Polres's own kapolres
    assert "mengikuti Polda Jawa Timur" in malang and "40%" in malang
    assert "100% <span" in malang and "(1 dari 1)" in malang
    assert "0% <span" in batu and "(0 dari 1)" in batu


def test_commander_sees_only_their_own_polda_in_the_panel(client, login, program, tree):
    login("commander", unit=tree["polda_a"])

    response = client.get(f"/programs/{program.id}")
    other = client.get(f"/programs/{program.id}?region={tree['polda_b'].code}")

    assert "Polda Jawa Timur" in response.text
    assert "Polda Sulawesi Selatan" not in response.text
    assert other.status_code == 404


def test_polres_commander_sees_their_polres_without_the_polda_figures(client, login, program, tree):
    login("commander", unit=tree["polres_b"])

    response = client.get(f"/programs/{program.id}")

    gowa = _panel_row(response.text, "Polres Gowa")
    assert "ditentukan di satuan atasan" in gowa
    assert "Polda Sulawesi Selatan" not in response.text


@contextmanager
def counting(db):
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _add_poldas(db, tree, program, n):
    tier1, tier2 = program.courses[0], program.courses[1]
    for _ in range(n):
        polda = make_unit(tree["mabes"])
        kapolda = make_person(polda, position="kapolda")
        make_course_status(kapolda, tier1, "completed")
        for _ in range(3):
            polres = make_unit(polda)
            make_course_status(make_person(polres, position="kapolres"), tier2, "completed")
    db.session.commit()


def test_cascade_panel_takes_the_same_statements_for_more_regions(client, login, program, tree, db):
    login("admin")
    client.get(f"/programs/{program.id}")  # warm up the login
    db.session.expire_all()
    with counting(db) as few:
        client.get(f"/programs/{program.id}")
    _add_poldas(db, tree, program, 6)
    db.session.expire_all()

    with counting(db) as many:
        response = client.get(f"/programs/{program.id}")

    assert response.text.count("terbuka") >= 8
    assert len(many) == len(few)
    assert len(many) <= 15


# --- overrides and the trainer picker ----------------------------------------------------


def test_admin_records_a_cascade_override_and_sees_it_listed(client, login, program, tree, db):
    admin = login("admin")
    course = program.courses[1]

    response = client.post(
        f"/programs/courses/{course.id}/overrides",
        data={"unit_code": tree["polres_a"].code, "reason": "Instruksi Kapolri, jadwal dipercepat"},
        follow_redirects=True,
    )

    record = db.session.query(OverrideRecord).one()
    assert (record.kind, record.user_id, record.unit_id) == (
        "cascade",
        admin.id,
        tree["polda_a"].id,
    )
    assert "Pengecualian untuk Polda Jawa Timur dicatat." in response.text
    assert "Instruksi Kapolri, jadwal dipercepat" in response.text
    assert admin.username in response.text
    assert "40% (2 dari 5), ambang 80%" in response.text


def test_override_needs_a_reason_and_a_known_unit(client, login, program, tree, db):
    login("admin")
    url = f"/programs/courses/{program.courses[1].id}/overrides"

    no_reason = client.post(url, data={"unit_code": tree["polres_a"].code, "reason": " "})
    unknown = client.post(url, data={"unit_code": "ZZZ", "reason": "Mendesak"})

    assert "Alasan wajib diisi." in no_reason.text
    assert "Satuan dengan kode ZZZ tidak ditemukan." in unknown.text
    assert db.session.query(OverrideRecord).count() == 0


def test_override_on_an_open_gate_records_nothing(client, login, program, tree, db):
    login("admin")

    response = client.post(
        f"/programs/courses/{program.courses[1].id}/overrides",
        data={"unit_code": tree["polres_b"].code, "reason": "Tidak perlu"},
        follow_redirects=True,
    )

    assert "Gerbang berjenjang untuk Polres Gowa sudah terbuka." in response.text
    assert db.session.query(OverrideRecord).count() == 0


def test_trainers_cannot_record_overrides(client, login, program, tree, db):
    login("trainer")

    response = client.post(
        f"/programs/courses/{program.courses[1].id}/overrides",
        data={"unit_code": tree["polres_a"].code, "reason": "Mendesak"},
    )

    assert response.status_code == 403
    assert db.session.query(OverrideRecord).count() == 0


def test_trainer_picker_page_lists_accounts_and_certified_people(client, login, program, tree, db):
    certified = make_person(tree["polda_a"], position="kapolda", full_name="Irjen Budi Santoso")
    make_course_status(certified, program.courses[0], "completed", completed_on=date.today())
    make_user(roles=("trainer",), username="pelatih_jatim", unit=tree["polda_a"])
    db.session.commit()
    login("commander", unit=tree["polda_a"])

    response = client.get(
        f"/programs/courses/{program.courses[1].id}/trainers?unit={tree['polsek_a'].code}"
    )

    assert response.status_code == 200
    assert "pelatih_jatim" in response.text
    assert "Irjen Budi Santoso" in response.text


def test_admin_sets_the_certificate_signatory_and_new_certificates_print_it(
    client, login, program, db
):
    from tests.factories import make_course_status, make_person, make_unit
    from training.certificates.services import issue_certificate

    login("admin")
    signatory = {
        "signatory_name": "Dr. Dedi Prasetyo",
        "signatory_rank": "Irjen",
        "signatory_nrp": "68050123",
        "signatory_position": "Kadiv Humas Polri",
    }

    response = client.post(f"/programs/{program.id}/edit", data=PROGRAM_FORM | signatory)

    assert response.status_code == 302
    course = program.courses[0]
    person = make_person(make_unit())
    make_course_status(person, course)
    cert = issue_certificate(person, course, actor=None, today=date(2026, 11, 20))
    assert (cert.signatory_name, cert.signatory_rank, cert.signatory_nrp) == (
        "Dr. Dedi Prasetyo",
        "Irjen",
        "68050123",
    )
    assert cert.signatory_position == "Kadiv Humas Polri"


def test_signatory_nrp_must_be_8_or_18_digits_and_the_form_keeps_input(client, login, program):
    login("admin")

    response = client.post(
        f"/programs/{program.id}/edit",
        data=PROGRAM_FORM | {"signatory_name": "Budi", "signatory_nrp": "12AB"},
    )

    assert response.status_code == 200
    assert "NRP/NIP penandatangan harus 8 atau 18 angka." in response.text
    assert 'value="Budi"' in response.text


def test_a_bad_unit_code_is_a_message_at_the_trainer_picker_for_a_kapolres(client, login, program):
    units = make_command_tree()
    make_user(roles=("trainer",), username="pelatih_dua", unit=units["polres_2"])
    login("commander", unit=units["polres_1"])
    url = f"/programs/courses/{program.courses[1].id}/trainers"

    for code in ("15.16.1", units["polres_2"].code):  # unknown, then the sibling Polres
        page = client.get(f"{url}?unit={code}")
        assert page.status_code == 200
        assert f"Satuan {code} tidak ditemukan dalam lingkup Anda." in page.text
        assert f'value="{code}"' in page.text
        assert "pelatih_dua" not in page.text
    good = client.get(f"{url}?unit={units['polsek_1'].code}")
    assert good.status_code == 200 and "tidak ditemukan" not in good.text
