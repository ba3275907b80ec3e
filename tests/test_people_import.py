"""People import: every error kind by line, nothing written on error, idempotent re-import."""

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import event, func, select

from tests.factories import make_person, make_tree
from training.core.tabular import ImportFailed, iter_csv
from training.people.importer import import_people
from training.people.models import Person
from training.people.queries import EXPORT_HEADER, export_rows
from training.policy.scope import Scope

HEADER = "nrp,nama,pangkat,jabatan,kode_satuan,telepon,email\n"
NIP = "198503122010012001"


@pytest.fixture
def tree(db):
    tree = make_tree()
    db.session.commit()
    return tree


def _codes(tree):
    return {key: unit.code for key, unit in tree.items()}


def _csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Person))


def _errors(db, data: bytes, filename="personel.csv") -> list[str]:
    with pytest.raises(ImportFailed) as info:
        import_people(filename, data)
    db.session.rollback()
    return [str(e) for e in info.value.errors]


def test_import_creates_people_with_codes_or_labels(db, tree):
    c = _codes(tree)
    result = import_people(
        "personel.csv",
        _csv(
            f"87050123,Budi Santoso,akbp,Kapolres,{c['polres_a']},+62 812 3456 7890,"
            "budi@polri.go.id",
            f"{NIP},Siti Rahma,III/a,Operator Media Sosial,{c['polres_a']},,",
            f"88010001,Andi,Brigadir,wakapolsek,{c['polsek_a']},,",
        ),
    )
    db.session.commit()
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    budi = db.session.scalar(select(Person).where(Person.nrp == "87050123"))
    assert (budi.rank, budi.position, budi.unit_id) == ("AKBP", "kapolres", tree["polres_a"].id)
    assert budi.phone == "+62 812 3456 7890"
    andi = db.session.scalar(select(Person).where(Person.nrp == "88010001"))
    assert (andi.rank, andi.position) == ("Brigpol", "wakapolsek")


def test_import_reports_every_bad_row_with_its_line_and_writes_nothing(db, tree):
    c = _codes(tree)
    make_person(tree["polres_b"], nrp="77777777", position="kapolres", full_name="Kapolres Lama")
    db.session.commit()
    errors = _errors(
        db,
        _csv(
            f"87050123,Baik,AKP,lainnya,{c['polres_a']},,",  # line 2: fine
            f"1234567,Tujuh,AKP,lainnya,{c['polres_a']},,",  # 3: 7 digits
            f"{NIP},Pns Polri Rank,AKP,lainnya,{c['polres_a']},,",  # 4: NIP with Polri rank
            f"88010002,Polri Pns,III/a,lainnya,{c['polres_a']},,",  # 5: NRP with PNS rank
            f"88010003,Kapten,Kapten,lainnya,{c['polres_a']},,",  # 6: unknown rank
            f"88010004,Raja,AKP,Raja,{c['polres_a']},,",  # 7: unknown position
            "88010005,Entah,AKP,lainnya,99.99,,",  # 8: unknown unit
            f"88010006,Salah Tingkat,AKP,Kapolsek,{c['polres_a']},,",  # 9: wrong level
            f"87050123,Kembar,AKP,lainnya,{c['polres_a']},,",  # 10: duplicate NRP in file
            f"88010007,Kapolres Baru,AKBP,kapolres,{c['polres_b']},,",  # 11: head in DB
            f"88010008,Kapolres A,AKBP,kapolres,{c['polres_a']},,",  # 12: first head of A
            f"88010009,Kapolres A2,AKBP,kapolres,{c['polres_a']},,",  # 13: second head of A
            f"8801001X,Huruf,AKP,lainnya,{c['polres_a']},0812,bukan-email",  # 14: three problems
        ),
    )
    expected = {
        3: "berisi 7 angka",
        4: "NIP (18 angka) hanya untuk PNS Polri",
        5: "NRP (8 angka) hanya untuk anggota Polri",
        6: "Pangkat Kapten tidak dikenal",
        7: "Jabatan Raja tidak dikenal",
        8: "Kode satuan 99.99 tidak ditemukan",
        9: "Jabatan Kapolsek hanya untuk satuan tingkat Polsek",
        10: "NRP/NIP 87050123 sudah ada di baris 2 berkas ini",
        11: "sudah punya Kapolres (Kapolres Lama)",
        13: "sudah punya Kapolres (Kapolres A (baris 12))",
    }
    for line, fragment in expected.items():
        assert any(e.startswith(f"Baris {line}:") and fragment in e for e in errors), (line, errors)
    assert not any(e.startswith(("Baris 2:", "Baris 12:")) for e in errors)
    line14 = [e for e in errors if e.startswith("Baris 14:")]
    assert len(line14) == 3
    assert _count(db) == 1


def test_duplicate_nrp_is_reported_even_when_its_first_row_is_bad(db, tree):
    code = tree["polres_a"].code
    errors = _errors(
        db, _csv(f"87050123,,AKP,lainnya,{code},,", f"8705 0123,Budi,AKP,lainnya,{code},,")
    )
    assert errors == [
        "Baris 2: Nama wajib diisi.",
        "Baris 3: NRP/NIP 87050123 sudah ada di baris 2 berkas ini.",
    ]


def test_reimporting_the_same_file_changes_nothing_and_changes_are_updates(db, tree):
    c = _codes(tree)
    rows = [
        f"87050123,Budi,AKBP,kapolres,{c['polres_a']},,",
        f"{NIP},Siti,III/a,lainnya,{c['polsek_a']},,",
    ]
    first = import_people("p.csv", _csv(*rows))
    db.session.commit()
    again = import_people("p.csv", _csv(*rows))
    db.session.commit()
    rows[1] = f"{NIP},Siti Rahma,III/b,operator_medsos,{c['polsek_a']},081234567890,"
    changed = import_people("p.csv", _csv(*rows))
    db.session.commit()
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    siti = db.session.scalar(select(Person).where(Person.nrp == NIP))
    assert (siti.full_name, siti.rank, siti.phone) == ("Siti Rahma", "III/b", "081234567890")
    assert _count(db) == 2


def test_reimporting_the_head_in_their_own_unit_is_not_a_second_head(db, tree):
    make_person(
        tree["polres_a"], nrp="87050123", position="kapolres", rank="AKBP", full_name="Budi"
    )
    db.session.commit()
    result = import_people("p.csv", _csv(f"87050123,Budi,AKBP,kapolres,{tree['polres_a'].code},,"))
    assert result.unchanged == 1


def test_head_replaced_in_the_same_file_is_accepted(db, tree):
    make_person(tree["polres_a"], nrp="87050123", position="kapolres", rank="AKBP")
    db.session.commit()
    code = tree["polres_a"].code
    result = import_people(
        "p.csv",
        _csv(f"87050123,Budi,AKBP,wakapolres,{code},,", f"88010001,Andi,AKBP,kapolres,{code},,"),
    )
    assert (result.created, result.updated) == (1, 1)


def test_export_reimports_without_changes_even_with_formulas(db, tree):
    code = tree["polres_a"].code
    import_people(
        "p.csv",
        _csv(f'87050123,"=HYPERLINK(""http://x"",""klik"")",AKP,lainnya,{code},+6281234567890,'),
    )
    db.session.commit()
    person = db.session.scalar(select(Person))
    assert person.full_name == '=HYPERLINK("http://x","klik")'
    exported = "".join(iter_csv(EXPORT_HEADER, export_rows(Scope(everything=True))))
    assert "'=HYPERLINK" in exported and "'+6281234567890" in exported
    result = import_people("personel.csv", exported.encode("utf-8"))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)


def test_import_reads_latin1_and_bom_and_semicolons(db, tree):
    code = tree["polres_a"].code
    latin1 = _csv(f"87050123,Sétiawan Müller,AKP,lainnya,{code},,").decode().encode("latin-1")
    assert import_people("p.csv", latin1).created == 1
    bom = "\ufeff" + HEADER.replace(",", ";") + f"88010001;Andi;AKP;lainnya;{code};;\n"
    assert import_people("p.csv", bom.encode("utf-8")).created == 1
    names = set(db.session.scalars(select(Person.full_name)))
    assert names == {"Sétiawan Müller", "Andi"}


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("p.csv", b"", "Berkas kosong."),
        ("p.csv", b"   \n\n", "Berkas kosong."),
        ("p.csv", b"nrp,nama\n1,2\n", "Kolom wajib tidak ada: pangkat, jabatan, kode_satuan"),
        ("p.csv", HEADER.encode(), "Berkas tidak berisi baris data."),
        ("p.xlsx", b"PK\x03\x04 not a zip", "Berkas XLSX tidak bisa dibaca."),
        ("p.pdf", b"%PDF-1.4", "Format berkas harus CSV atau XLSX."),
    ],
)
def test_malformed_files_are_refused_with_a_message(db, tree, filename, data, message):
    errors = _errors(db, data, filename)
    assert any(message in e for e in errors), errors


def test_import_reads_xlsx_with_numeric_cells(db, tree):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NRP", "Nama", "Pangkat", "Jabatan", "Kode Satuan"])
    sheet.append([87050123, "Budi", "AKBP", "Kapolres", tree["polres_a"].code])
    sheet.append([88010001.0, "Andi", "Bripda", "lainnya", tree["polres_a"].code])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_people("p.xlsx", buffer.getvalue())
    assert result.created == 2
    assert set(db.session.scalars(select(Person.nrp))) == {"87050123", "88010001"}


def test_thousands_of_rows_import_in_a_few_statements(db, tree):
    code = tree["polsek_a"].code
    lines = [f"{80000000 + n},Anggota {n},Bripda,operator_medsos,{code},," for n in range(3000)]
    statements = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        result = import_people("p.csv", _csv(*lines))
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert result.created == 3000
    assert len(statements) < 40
    assert _count(db) == 3000


def test_cli_imports_a_file_and_exits_1_on_errors(app, db, tree, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(_csv(f"87050123,Budi,AKBP,kapolres,{tree['polres_a'].code},,"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("1234,Andi,AKP,lainnya,99.99,,"))
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["import-people", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "1 baru, 0 berubah, 0 pindah, 0 tidak berubah" in ok.output
    failed = runner.invoke(args=["import-people", str(bad)])
    assert failed.exit_code == 1
    assert "Baris 2:" in failed.output and "99.99" in failed.output
    assert _count(db) == 1
