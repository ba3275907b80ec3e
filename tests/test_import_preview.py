"""Imports preview first and write only when confirmed; refused files list errors as CSV."""

import csv
import io

import pytest
from sqlalchemy import func, select

from tests.accounts_factories import make_account
from tests.factories import make_person, make_tree, make_unit
from tests.import_steps import token_of, upload, upload_and_confirm
from training.accounts.models import SocialAccount
from training.core.tabular import ImportFailed
from training.people.models import Person
from training.units.importer import import_units
from training.units.models import Unit

PEOPLE_HEADER = "nrp,nama,pangkat,jabatan,kode_satuan\n"


@pytest.fixture
def tree(db):
    units = make_tree()
    db.session.commit()
    return units


@pytest.fixture
def staff(db, tree):
    """Personnel of several units: Budi (the certificate holder) in Polda A's Polsek."""
    people = {
        "budi": make_person(tree["polsek_a"], full_name="Budi Santoso", nrp="87050123"),
        "siti": make_person(tree["polres_a"], full_name="Siti Rahma", nrp="88010002"),
        "joko": make_person(tree["polsek_b"], full_name="Joko Widodo", nrp="89020003"),
    }
    db.session.commit()
    return people


def people_file(tree, budi_name="Budi Santosa", budi_unit="polres_b") -> bytes:
    rows = [
        f"87050123,{budi_name},AKP,operator_medsos,{tree[budi_unit].code}",
        f"88010002,Siti Rahma,AKP,operator_medsos,{tree['polres_a'].code}",
        f"90030004,Andi Pratama,Brigadir,operator_medsos,{tree['polsek_a'].code}",
    ]
    return (PEOPLE_HEADER + "\n".join(rows) + "\n").encode()


def person(db, nrp: str) -> Person:
    db.session.expire_all()
    return db.session.scalar(select(Person).where(Person.nrp == nrp))


def test_an_upload_renaming_and_moving_a_person_is_previewed_and_writes_nothing(
    client, login, db, tree, staff
):
    login("admin")

    page = upload(client, "/people/import", people_file(tree)).text

    budi = person(db, "87050123")
    assert (budi.full_name, budi.unit_id) == ("Budi Santoso", tree["polsek_a"].id)
    assert person(db, "90030004") is None
    assert "Pratinjau impor" in page
    counts = page.split('id="import-counts"')[1].split("</ul>")[0]
    assert [c.split("<strong>")[1] for c in counts.split("</strong>")[:-1]] == ["1", "0", "1", "1"]
    assert "<del>Budi Santoso</del> → <ins>Budi Santosa</ins>" in page
    polsek_a, polres_b = tree["polsek_a"], tree["polres_b"]
    before, after = f"{polsek_a.code} {polsek_a.name}", f"{polres_b.code} {polres_b.name}"
    assert f"<del>{before}</del> → <ins>{after}</ins>" in page
    # the move is listed before the new person
    assert page.index("87050123") < page.index("90030004")
    assert 'action="/people/import/confirm"' in page


def test_confirming_the_preview_writes_it_and_reports_the_counts(client, login, db, tree, staff):
    login("admin")

    done = upload_and_confirm(client, "/people/import", people_file(tree))

    assert "Impor selesai: 1 baru, 0 berubah, 1 pindah, 1 tidak berubah." in done.text
    budi = person(db, "87050123")
    assert (budi.full_name, budi.unit_id) == ("Budi Santosa", tree["polres_b"].id)
    assert person(db, "90030004").full_name == "Andi Pratama"


def test_a_preview_gone_stale_is_shown_again_not_written(client, login, db, tree, staff):
    login("admin")
    token = token_of(upload(client, "/people/import", people_file(tree)).text)
    staff["siti"].full_name = "Siti Rahmawati"  # edited by someone else meanwhile
    db.session.commit()

    again = client.post("/people/import/confirm", data={"token": token})

    assert again.status_code == 200
    assert "Data berubah sejak pratinjau dibuat" in again.text
    assert "<del>Siti Rahmawati</del> → <ins>Siti Rahma</ins>" in again.text
    assert person(db, "87050123").full_name == "Budi Santoso"
    assert token_of(again.text) != token


def test_a_preview_token_is_bound_to_its_user_and_expires(client, login, db, app, tree, staff):
    login("admin")
    token = token_of(upload(client, "/people/import", people_file(tree)).text)
    client.post("/logout")
    login("admin")

    other = client.post("/people/import/confirm", data={"token": token}, follow_redirects=True)

    assert "Pratinjau impor tidak ditemukan atau sudah kedaluwarsa" in other.text
    assert person(db, "87050123").full_name == "Budi Santoso"
    token = token_of(upload(client, "/people/import", people_file(tree)).text)
    app.config["IMPORT_PENDING_MINUTES"] = 0
    expired = client.post("/people/import/confirm", data={"token": token}, follow_redirects=True)
    assert "sudah kedaluwarsa" in expired.text
    assert person(db, "90030004") is None


def test_units_and_accounts_preview_their_moves_too(client, login, db, tree):
    login("admin")
    polsek = tree["polsek_a"]
    units = (
        "code,name,level,parent_code,timezone\n"
        f"{polsek.code},{polsek.name},polsek,{tree['polres_b'].code},{polsek.timezone}\n"
    ).encode()
    account = make_account(tree["polres_a"], handle="humas_a", platform="instagram")
    db.session.commit()
    accounts = f"kode_satuan,platform,akun\n{tree['polres_b'].code},instagram,humas_a\n".encode()

    unit_page = upload(client, "/units/import", units).text
    account_page = upload(client, "/accounts/import", accounts).text

    parent = f"<del>{tree['polres_a'].code}</del> → <ins>{tree['polres_b'].code}</ins>"
    assert "Pindah</span>" in unit_page and parent in unit_page
    assert "Pindah</span>" in account_page and "@humas_a" in account_page
    db.session.expire_all()
    assert db.session.get(Unit, polsek.id).parent_id == tree["polres_a"].id
    assert db.session.get(SocialAccount, account.id).unit_id == tree["polres_a"].id
    done = client.post("/units/import/confirm", data={"token": token_of(unit_page)})
    assert done.status_code == 302
    assert db.session.get(Unit, polsek.id).parent_id == tree["polres_b"].id


def test_the_error_page_shows_the_first_errors_and_offers_all_as_csv(client, login, db, tree):
    login("admin")
    bad = "".join(f"{10000000 + n},Nama {n},AKP,operator_medsos,TIDAK-ADA\n" for n in range(45))

    page = upload(client, "/people/import", (PEOPLE_HEADER + bad).encode()).text

    assert page.count("tidak ditemukan") == 20
    assert "Ditampilkan 20 dari 45 kesalahan." in page
    link = page.split('href="/people/import/errors/')[1].split('"')[0]
    download = client.get(f"/people/import/errors/{link}")
    assert download.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["baris", "kesalahan"]
    assert len(rows) == 46 and rows[45][0] == "46" and "TIDAK-ADA" in rows[45][1]
    client.post("/logout")
    login("admin")
    assert client.get(f"/people/import/errors/{link}").status_code == 404


def test_a_csv_with_an_unclosed_quote_says_so_with_its_line(client, login, db, tree, staff):
    login("admin")
    code = tree["polres_a"].code
    body = PEOPLE_HEADER + (
        f"88010002,Siti Rahma,AKP,operator_medsos,{code}\n"
        f'90030004,"Andi Pratama,Brigadir,operator_medsos,{code}\n'
        f"90030005,Dewi,Brigadir,operator_medsos,{code}\n"
    )

    page = upload(client, "/people/import", body.encode()).text

    assert "Baris 3: CSV rusak: tanda kutip" in page
    assert "berkas berakhir di baris 4" in page
    assert db.session.scalar(select(func.count(Person.id))) == 3


def test_a_second_root_unit_is_refused(db, tree):
    text = (
        "code,name,level,parent_code,timezone\n"
        "99,Mabes Kedua,mabes,,Asia/Jakarta\n"
        "99.01,Polda Kedua,polda,99,Asia/Jakarta\n"
    )

    with pytest.raises(ImportFailed) as refused:
        import_units("units.csv", text.encode())

    assert [(e.line, e.message) for e in refused.value.errors] == [
        (
            2,
            f"Satuan tanpa induk {tree['mabes'].code} sudah ada;"
            " hanya boleh ada satu satuan pusat.",
        )
    ]
    assert db.session.scalar(select(func.count(Unit.id)).where(Unit.parent_id.is_(None))) == 1


def test_two_roots_in_one_file_are_refused(db):
    text = (
        "code,name,level,parent_code,timezone\n"
        "00,Mabes Polri,mabes,,Asia/Jakarta\n"
        "AA,Mabes Lain,mabes,,Asia/Jakarta\n"
    )

    with pytest.raises(ImportFailed, match="Satuan tanpa induk 00 sudah ada"):
        import_units("units.csv", text.encode())


def test_cli_prints_the_same_counts_with_moves(app, db, tree, staff, tmp_path):
    path = tmp_path / "personel.csv"
    path.write_bytes(people_file(tree))

    result = app.test_cli_runner().invoke(args=["import-people", str(path)])

    assert result.exit_code == 0, result.output
    assert "Selesai: 1 baru, 0 berubah, 1 pindah, 1 tidak berubah." in result.output
    assert person(db, "87050123").unit_id == tree["polres_b"].id


def test_reimporting_an_unchanged_unit_of_a_tree_with_a_root_still_works(db, tree):
    unit = make_unit(tree["polsek_a"].parent)
    db.session.commit()
    text = (
        "code,name,level,parent_code,timezone\n"
        f"{tree['mabes'].code},{tree['mabes'].name},mabes,,{tree['mabes'].timezone}\n"
        f"{unit.code},{unit.name},polsek,{tree['polres_a'].code},{unit.timezone}\n"
    )

    counts = import_units("units.csv", text.encode())

    assert (counts.new, counts.changed, counts.moved, counts.unchanged) == (0, 0, 0, 2)
