"""People pages: access per role, filters, bounded statements, forms and exports."""

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import make_command_tree, make_people_across_units, make_person, make_tree
from tests.import_steps import upload_and_confirm
from tests.statements import count_statements
from training.people.models import Person


@pytest.fixture
def tree(db):
    tree = make_tree()
    make_person(tree["polres_a"], full_name="Budi Santoso", nrp="87050123", rank="AKBP")
    make_person(tree["polsek_a"], full_name="Ayu Lestari", nrp="95010001", rank="Bripda")
    make_person(tree["polres_b"], full_name="Eko Prasetyo", nrp="90000001", rank="Brigpol")
    db.session.commit()
    return tree


def _person(db, name):
    return db.session.scalar(select(Person).where(Person.full_name == name))


def test_anonymous_visitor_is_sent_to_login(client, tree):
    response = client.get("/people/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_participant_only_user_gets_403_on_the_list(client, login, db, tree):
    login("participant", person=_person(db, "Ayu Lestari"))
    assert client.get("/people/").status_code == 403
    assert client.get("/people/export.csv").status_code == 403


@pytest.mark.parametrize("role", ["admin", "trainer"])
def test_admin_and_trainer_see_everyone(client, login, tree, role):
    login(role)
    html = client.get("/people/").text
    for name in ("Budi Santoso", "Ayu Lestari", "Eko Prasetyo"):
        assert name in html


def test_commander_sees_only_their_subtree(client, login, tree):
    login("commander", unit=tree["polda_a"])
    html = client.get("/people/").text
    assert "Budi Santoso" in html and "Ayu Lestari" in html
    assert "Eko Prasetyo" not in html


def test_unit_filter_keeps_the_subtree_and_the_form_keeps_values(client, login, tree):
    login("trainer")
    html = client.get(f"/people/?unit={tree['polres_a'].code}&q=santo&rank=akbp").text
    assert "Budi Santoso" in html
    assert "Ayu Lestari" not in html
    assert f'value="{tree["polres_a"].code}"' in html
    assert 'value="santo"' in html
    assert '<option value="AKBP" selected>' in html
    assert '<label for="rank"' in html and '<optgroup label="PNS Polri">' in html


def test_list_sorts_by_rank_descending(client, login, tree):
    login("admin")
    html = client.get("/people/?sort=rank&dir=desc").text
    assert html.index("Ayu Lestari") < html.index("Eko Prasetyo") < html.index("Budi Santoso")


def test_per_page_is_bounded_between_10_and_200(client, login, db):
    unit = make_tree()["polres_a"]
    for n in range(15):
        make_person(unit, full_name=f"Anggota {n:02d}")
    db.session.commit()
    login("admin")
    assert client.get("/people/?per_page=3").text.count("Anggota ") == 10
    assert client.get("/people/?per_page=9999").text.count("Anggota ") == 15
    assert client.get("/people/?per_page=abc").text.count("Anggota ") == 15


def test_list_runs_the_same_number_of_statements_for_10_and_100_rows(client, login, db):
    """10 rows of ~4 units and 100 rows of ~34 units, 9 ranks and 5 positions: same count."""
    tree = make_tree()
    for n, person in enumerate(make_people_across_units(40, 3, parent=tree["polda_a"])):
        person.full_name = f"Anggota {n:03d}"
    db.session.commit()
    login("commander", unit=tree["polda_a"])
    db.session.remove()  # the test's app context outlives requests: start each one cold
    with count_statements(db) as small:
        assert client.get("/people/?per_page=10").text.count("Anggota ") == 10
    db.session.remove()
    with count_statements(db) as large:
        assert client.get("/people/?per_page=100").text.count("Anggota ") == 100
    assert len(small) == len(large)
    assert len(large) <= 8


def test_participant_sees_own_record_only(client, login, db, tree):
    ayu = _person(db, "Ayu Lestari")
    login("participant", person=ayu)
    response = client.get(f"/people/{ayu.id}")
    assert response.status_code == 200
    assert "95010001" in response.text
    assert client.get(f"/people/{_person(db, 'Budi Santoso').id}").status_code == 404
    assert client.get("/people/999999").status_code == 404


def test_commander_gets_404_for_a_person_outside_their_unit(client, login, db, tree):
    login("commander", unit=tree["polres_a"])
    assert client.get(f"/people/{_person(db, 'Budi Santoso').id}").status_code == 200
    assert client.get(f"/people/{_person(db, 'Eko Prasetyo').id}").status_code == 404


def test_only_admins_reach_the_forms_and_the_import(client, login, db, tree):
    login("trainer")
    budi = _person(db, "Budi Santoso")
    for url in ("/people/new", f"/people/{budi.id}/edit", "/people/import"):
        assert client.get(url).status_code == 403


def _form(tree, **kw):
    return {
        "full_name": "Siti Rahma",
        "nrp": "198503122010012001",
        "rank": "III/a",
        "position": "operator_medsos",
        "unit_code": tree["polres_a"].code,
        "phone": "081234567890",
        "email": "siti@polri.go.id",
        **kw,
    }


def test_admin_creates_a_person(client, login, db, tree):
    login("admin")
    form_page = client.get(f"/people/new?unit={tree['polres_a'].code}").text
    assert '<optgroup label="Polri">' in form_page and "Operator media sosial" in form_page
    response = client.post("/people/new", data=_form(tree))
    siti = _person(db, "Siti Rahma")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/people/{siti.id}")
    assert (siti.nrp, siti.rank, siti.unit_id) == (
        "198503122010012001",
        "III/a",
        tree["polres_a"].id,
    )


def test_unknown_unit_code_is_a_field_error_and_keeps_the_typed_values(client, login, db, tree):
    login("admin")
    response = client.post("/people/new", data=_form(tree, unit_code="99.99"))
    assert response.status_code == 200
    assert "Kode satuan 99.99 tidak ada." in response.text
    assert 'value="Siti Rahma"' in response.text and 'value="99.99"' in response.text
    assert _person(db, "Siti Rahma") is None


def test_duplicate_nrp_and_rank_mismatch_are_shown_on_the_form(client, login, db, tree):
    login("admin")
    dup = client.post("/people/new", data=_form(tree, nrp="87050123", rank="AKP"))
    assert "NRP/NIP 87050123 sudah dipakai oleh Budi Santoso." in dup.text
    mismatch = client.post("/people/new", data=_form(tree, rank="AKP"))
    assert "NIP (18 angka) hanya untuk PNS Polri" in mismatch.text
    assert (
        '<option selected value="AKP">' in mismatch.text or 'value="AKP" selected' in mismatch.text
    )


def test_admin_edits_a_person(client, login, db, tree):
    login("admin")
    budi = _person(db, "Budi Santoso")
    page = client.get(f"/people/{budi.id}/edit").text
    assert f'value="{tree["polres_a"].code}"' in page
    data = _form(tree, full_name="Budi Santoso", nrp="87050123", rank="Kombes", position="kapolres")
    response = client.post(f"/people/{budi.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert (budi.rank, budi.position) == ("Kombes", "kapolres")
    detail = client.get(f"/people/{budi.id}").text
    assert "Pimpinan satuan" in detail


def test_export_csv_follows_filters_and_scope_and_neutralises_formulas(client, login, db, tree):
    make_person(tree["polres_a"], full_name='=HYPERLINK("http://x")', nrp="87050999")
    db.session.commit()
    login("commander", unit=tree["polda_a"])
    with client.get(f"/people/export.csv?unit={tree['polres_a'].code}&sort=nrp") as response:
        text = response.get_data(as_text=True)
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "nrp,nama,pangkat,jabatan,kode_satuan,telepon,email"
    assert lines[1].startswith(
        f"87050123,Budi Santoso,AKBP,operator_medsos,{tree['polres_a'].code}"
    )
    assert "'=HYPERLINK" in text
    assert "Eko Prasetyo" not in text and "Ayu Lestari" in text


def test_export_xlsx_stores_formulas_as_text(client, login, db, tree):
    make_person(tree["polres_b"], full_name="=1+1", nrp="87050999")
    db.session.commit()
    login("trainer")
    with client.get("/people/export.xlsx?q=87050999") as response:
        sheet = load_workbook(io.BytesIO(response.data)).active
        rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("nrp", "nama", "pangkat", "jabatan", "kode_satuan", "telepon", "email")
    assert rows[1][:2] == ("87050999", "'=1+1")
    assert len(rows) == 2


def test_import_page_reports_errors_with_line_numbers(client, login, db, tree):
    login("admin")
    page = client.get("/people/import").text
    assert "kode_satuan" in page and "telepon" in page
    code = tree["polres_a"].code
    body = f"nrp,nama,pangkat,jabatan,kode_satuan\n1234,Andi,AKP,lainnya,{code}\n"
    response = client.post(
        "/people/import",
        data={"file": (io.BytesIO(body.encode()), "personel.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Baris 2" in response.text and "berisi 4 angka" in response.text


def test_import_page_creates_people_and_reports_counts(client, login, db, tree):
    login("admin")
    code = tree["polres_a"].code
    body = (
        f"nrp,nama,pangkat,jabatan,kode_satuan\n88010001,Andi,Brigadir,Operator media sosial,{code}"
    )
    response = upload_and_confirm(client, "/people/import", body.encode(), "personel.csv")
    assert "Impor selesai: 1 baru, 0 berubah, 0 pindah, 0 tidak berubah." in response.text
    assert _person(db, "Andi").rank == "Brigpol"


def test_exports_answer_404_for_a_unit_outside_the_commanders_scope(client, login, tree):
    login("commander", unit=tree["polres_a"])
    assert client.get(f"/people/export.csv?unit={tree['polres_b'].code}").status_code == 404
    assert client.get(f"/people/export.xlsx?unit={tree['polda_a'].code}").status_code == 404


def test_empty_form_shows_required_errors_in_indonesian(client, login, tree):
    login("admin")
    response = client.post("/people/new", data={})
    assert response.status_code == 200
    assert response.text.count("Wajib diisi.") == 5


def test_a_bad_unit_code_is_a_message_at_the_filter_for_a_kapolres(client, login):
    units = make_command_tree()
    make_person(units["polres_1"], full_name="Kepala Satu")
    make_person(units["polsek_1"], full_name="Anggota Satu")
    make_person(units["polsek_2"], full_name="Anggota Dua")
    login("commander", unit=units["polres_1"])

    for code in ("15.16.1", units["polres_2"].code):  # unknown, then the sibling Polres
        page = client.get(f"/people/?unit={code}")
        assert page.status_code == 200
        assert f"Satuan {code} tidak ditemukan dalam lingkup Anda." in page.text
        assert f'value="{code}"' in page.text
        assert "Anggota Dua" not in page.text and "Anggota Satu" not in page.text
        assert client.get(f"/people/export.csv?unit={code}").status_code == 404
    good = client.get(f"/people/?unit={units['polsek_1'].code}").text
    assert "Anggota Satu" in good and "Kepala Satu" not in good
    assert "tidak ditemukan" not in good


def test_url_for_names_in_the_query_string_are_not_passed_on_to_links(client, login):
    units = make_command_tree()
    make_person(units["polsek_1"], full_name="Anggota Satu")
    login("commander", unit=units["polres_1"])
    code = units["polsek_1"].code
    hostile = f"_external=1&_anchor=x&_scheme=javascript&endpoint=x&fmt=pdf&unit={code}"

    page = client.get(f"/people/?{hostile}")

    assert page.status_code == 200 and "Anggota Satu" in page.text
    export = f'href="/people/export.csv?unit={units["polsek_1"].code}"'
    assert export in page.text  # only the filter is passed on to the export link
    links = re.findall(r'href="([^"]*)"', page.text)
    assert not [link for link in links if link.startswith(("http", "javascript"))]
    assert not [link for link in links if "_external" in link or "endpoint=" in link]
