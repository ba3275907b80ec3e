"""Unit pages: who may reach them, search, detail, admin forms, import and export."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import make_people_across_units, make_person, make_tree, make_unit
from tests.import_steps import upload_and_confirm
from tests.test_units import count_queries
from training.units.models import Unit


@pytest.fixture
def tree(db):
    units = make_tree()
    db.session.commit()
    return units


def get_unit(db, code):
    return db.session.scalar(select(Unit).where(Unit.code == code))


# --- who may reach each route ------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client, tree):
    for url in ("/units/", f"/units/{tree['mabes'].code}", "/units/new", "/units/export.csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.location.startswith("/login")


def test_pure_participant_gets_403_on_unit_pages(client, login, tree):
    login("participant")

    assert client.get("/units/").status_code == 403
    assert client.get(f"/units/{tree['polres_a'].code}").status_code == 403
    assert client.get("/units/export.csv").status_code == 403


@pytest.mark.parametrize("role", ["admin", "trainer"])
def test_admin_and_trainer_browse_the_whole_tree(client, login, tree, role):
    login(role)

    page = client.get("/units/").text

    assert tree["polres_a"].code in page and tree["polres_b"].code in page
    assert client.get(f"/units/{tree['polsek_b'].code}").status_code == 200


def test_commander_sees_only_their_subtree_and_404_outside(client, login, tree):
    login("commander", unit=tree["polda_a"])

    page = client.get("/units/").text

    assert tree["polres_a"].name in page
    assert tree["polres_b"].name not in page
    assert "Satuan Anda" in page
    assert client.get(f"/units/{tree['polsek_a'].code}").status_code == 200
    assert client.get(f"/units/{tree['polres_b'].code}").status_code == 404
    assert client.get(f"/units/{tree['mabes'].code}").status_code == 404
    assert client.get("/units/NOPE").status_code == 404


@pytest.mark.parametrize("role", ["trainer", "commander", "participant"])
def test_only_admins_reach_the_admin_pages(client, login, tree, role):
    login(role, unit=tree["polda_a"])
    code = tree["polres_a"].code

    assert client.get("/units/new").status_code == 403
    assert client.get(f"/units/{code}/edit").status_code == 403
    assert client.post(f"/units/{code}/move", data={"parent_code": "x"}).status_code == 403
    assert client.get("/units/import").status_code == 403


# --- browse and detail -------------------------------------------------------------------


def test_index_searches_name_or_code_and_filters_level(client, login, tree, db):
    make_unit(tree["polda_a"], code="99.01", name="Polresta Banda Aceh")
    db.session.commit()
    login("admin")

    by_name = client.get("/units/?q=banda").text
    by_level = client.get("/units/?level=polda").text

    assert "99.01" in by_name and tree["polres_a"].code not in by_name
    assert tree["polda_b"].name in by_level and tree["polres_a"].name not in by_level


def test_index_paginates_and_shows_child_counts(client, login, tree, app):
    app.config["PAGE_SIZE"] = 3
    login("admin")

    first = client.get("/units/").text
    last = client.get("/units/?page=3").text

    assert "7 satuan" in first
    assert first.count("<tr>") == 1 + 3
    assert last.count("<tr>") == 1 + 1
    mabes_row = first.split(f">{tree['mabes'].code}</a>")[1].split("</tr>")[0]
    assert '<td class="text-end">2</td>' in mabes_row


def test_index_runs_the_same_number_of_queries_for_more_units(client, login, tree, db):
    """20 more units under 10 different parents, with people of varied ranks: the parent
    and the counts of every row come with the page's few statements."""
    login("admin")
    db.session.expire_all()
    with count_queries(db) as few:
        client.get("/units/")
    for polda in (tree["polda_a"], tree["polda_b"]):
        for _ in range(5):
            polres = make_unit(polda)
            make_people_across_units(1, 2, parent=polres)
    db.session.commit()
    db.session.expire_all()

    with count_queries(db) as many:
        html = client.get("/units/").text

    assert html.count("<tr>") == 1 + 27
    assert len(many) == len(few)


def test_detail_shows_breadcrumbs_head_children_and_people(client, login, tree, db):
    make_person(tree["polres_a"], position="kapolres", full_name="Budi Santoso", rank="AKBP")
    make_person(tree["polsek_a"])
    db.session.commit()
    login("admin")

    page = client.get(f"/units/{tree['polres_a'].code}").text

    crumbs = page.split('class="breadcrumb"')[1].split("</ol>")[0]
    assert tree["mabes"].name in crumbs and tree["polda_a"].name in crumbs
    assert "AKBP Budi Santoso" in page
    assert tree["polsek_a"].code in page
    assert f"/people/?unit={tree['polres_a'].code}" in page
    assert ">2</dd>" in page  # two people in the subtree


def test_commander_breadcrumbs_hide_units_above_their_command(client, login, tree):
    login("commander", unit=tree["polres_a"])

    page = client.get(f"/units/{tree['polsek_a'].code}").text

    crumbs = page.split('class="breadcrumb"')[1].split("</ol>")[0]
    assert tree["polres_a"].name in crumbs
    assert tree["polda_a"].name not in crumbs and tree["mabes"].name not in crumbs


def test_the_parent_comes_from_the_breadcrumbs_query_not_a_lazy_load(client, login, tree, db):
    """The parent is one of the units above, read in one query with the breadcrumbs; the
    page shows it (a link when the viewer may see it, its name otherwise)."""
    login("commander", unit=tree["polres_a"])
    path, parent = f"/units/{tree['polsek_a'].code}", tree["polres_a"]
    link = f'href="/units/{parent.code}">{parent.name}</a>'
    db.session.expire_all()
    with count_queries(db) as statements:
        page = client.get(path).text
    above = client.get(f"/units/{parent.code}").text  # its parent (a Polda) is out of scope

    assert link in page
    assert not [s for s in statements if s.rstrip().endswith("WHERE unit.id = ?")]
    assert tree["polda_a"].name in above and f'href="/units/{tree["polda_a"].code}"' not in above


# --- admin forms -------------------------------------------------------------------------


def test_admin_creates_a_unit_below_a_parent_picked_by_code(client, login, tree, db):
    login("admin")

    response = client.post(
        "/units/new",
        data={
            "code": "01.77",
            "name": "Polrestabes Uji",
            "level": "polres",
            "parent_code": tree["polda_b"].code,
            "unit_type": "",
            "timezone": "Asia/Makassar",
        },
    )

    unit = get_unit(db, "01.77")
    assert response.status_code == 302
    assert (unit.parent_id, unit.unit_type, unit.zone_label) == (
        tree["polda_b"].id,
        "Polrestabes",
        "WITA",
    )


def test_create_form_shows_rule_violation_and_keeps_typed_values(client, login, tree, db):
    login("admin")

    page = client.post(
        "/units/new",
        data={
            "code": "01.78",
            "name": "Polres Salah Tempat",
            "level": "polres",
            "parent_code": tree["mabes"].code,
            "timezone": "Asia/Jakarta",
        },
    ).text

    assert "polres tidak bisa berada di bawah mabes" in page
    assert 'value="Polres Salah Tempat"' in page
    assert get_unit(db, "01.78") is None


def test_admin_edits_name_and_code_with_uniqueness(client, login, tree, db):
    login("admin")
    url = f"/units/{tree['polres_a'].code}/edit"
    taken = tree["polres_b"].code

    refused = client.post(url, data={"code": taken, "name": "X", "timezone": "Asia/Jakarta"})
    saved = client.post(
        url, data={"code": "NEW.1", "name": "Polres Baru", "timezone": "Asia/Jayapura"}
    )

    assert f"Kode satuan {taken} sudah dipakai" in refused.text
    assert saved.status_code == 302 and saved.location == "/units/NEW.1"
    assert get_unit(db, "NEW.1").zone_label == "WIT"


def test_admin_moves_a_unit_and_cycles_are_refused_on_the_form(client, login, tree, db):
    login("admin")

    cycle = client.post(
        f"/units/{tree['polda_a'].code}/move", data={"parent_code": tree["polsek_a"].code}
    )
    moved = client.post(
        f"/units/{tree['polres_a'].code}/move", data={"parent_code": tree["polda_b"].code}
    )

    assert "bawah dirinya sendiri" in cycle.text
    assert f'value="{tree["polsek_a"].code}"' in cycle.text
    assert moved.status_code == 302
    polsek = get_unit(db, tree["polsek_a"].code)
    assert polsek.path.startswith(get_unit(db, tree["polda_b"].code).path)


# --- import and export -------------------------------------------------------------------


def test_import_page_explains_the_format_and_reports_errors(client, login, db):
    login("admin")
    bad = (
        b"kode,nama,tingkat_satuan,kode_induk,zona_waktu\n"
        b"00,Mabes,mabes,,Asia/Jakarta\n01,X,polda,77,W\n"
    )

    form = client.get("/units/import").text
    response = client.post("/units/import", data={"file": (BytesIO(bad), "units.csv")})

    assert "kode,nama,tingkat_satuan,kode_induk,zona_waktu,jenis" in form
    table = form[form.index('id="unit-import-columns"') :]
    table = table[: table.index("</table>")]
    assert re.findall(r"<tr><td><code>(\w+)</code></td><td>([^<]+)</td>", table) == [
        ("kode", "ya"),
        ("nama", "ya"),
        ("tingkat_satuan", "ya"),
        ("kode_induk", "ya, kecuali Mabes"),
        ("zona_waktu", "ya"),
        ("jenis", "tidak"),
    ]
    assert "(code, name, level, parent_code, timezone, type) juga diterima" in form
    assert response.status_code == 200
    assert "Baris 3" in response.text and "Induk 77 tidak ditemukan" in response.text
    assert db.session.scalar(select(Unit).limit(1)) is None


@pytest.mark.parametrize(
    ("payload", "filename", "message"),
    [
        (b"", "units.csv", "Berkas kosong"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "units.csv", "Kolom wajib tidak ada"),
        (b"PK\x03\x04garbage", "units.xlsx", "Berkas XLSX tidak bisa dibaca"),
    ],
)
def test_import_page_gives_clear_messages_for_unusable_files(
    client, login, payload, filename, message
):
    login("admin")

    response = client.post("/units/import", data={"file": (BytesIO(payload), filename)})

    assert response.status_code == 200
    assert message in response.text


def test_import_page_refuses_oversized_uploads_with_413(client, login, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    login("admin")

    response = client.post("/units/import", data={"file": (BytesIO(b"x" * 4096), "u.csv")})

    assert response.status_code == 413


def test_import_page_imports_and_reports_counts(client, login, db):
    login("admin")
    data = b"\xef\xbb\xbfcode,name,level,parent_code,timezone\n00,Mabes Polri,mabes,,Asia/Jakarta\n"

    response = upload_and_confirm(client, "/units/import", data, "u.csv")

    assert "1 baru, 0 berubah, 0 pindah, 0 tidak berubah" in response.text


def test_csv_export_neutralises_formulas_and_reimports_cleanly(client, login, tree, db):
    tree["polsek_a"].name = '=HYPERLINK("http://x")'
    db.session.commit()
    login("commander", unit=tree["polres_a"])

    with client.get("/units/export.csv") as response:
        body = response.get_data(as_text=True)

    lines = body.lstrip("\ufeff").splitlines()
    assert lines[0] == "kode,nama,tingkat_satuan,kode_induk,zona_waktu,jenis"
    assert len(lines) == 3  # the commander's Polres and its Polsek only
    assert "'=HYPERLINK" in body
    from training.units.importer import import_units

    result = import_units("satuan.csv", body.encode("utf-8"))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_xlsx_export_holds_the_units_in_scope_as_text(client, login, tree, db):
    tree["polres_b"].name = "=1+1"
    db.session.commit()
    login("trainer")

    with client.get("/units/export.xlsx") as response:
        sheet = load_workbook(BytesIO(response.data)).active
        rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == ("kode", "nama", "tingkat_satuan", "kode_induk", "zona_waktu", "jenis")
    assert len(rows) == 8
    assert ("'=1+1") in [r[1] for r in rows]
