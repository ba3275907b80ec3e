"""Importing the unit tree from CSV/XLSX: validation, all-or-nothing, idempotence, CLI."""

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.factories import make_tree, make_unit
from training.core.tabular import ImportFailed
from training.units.importer import import_units
from training.units.models import Unit

SHARED_CSV = Path(__file__).resolve().parent.parent / "training" / "data" / "polri_units.csv"
HEADER = "kode,nama,tingkat_satuan,kode_induk,zona_waktu\n"
BASE = HEADER + (
    "00,Mabes Polri,mabes,,Asia/Jakarta\n"
    "01,Polda Aceh,polda,00,Asia/Jakarta\n"
    "01.01,Polresta Banda Aceh,polres,01,Asia/Jakarta\n"
)


def run_import(text: str, filename: str = "units.csv", encoding: str = "utf-8"):
    return import_units(filename, text.encode(encoding))


def errors_of(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(ImportFailed) as info:
        run_import(text)
    return [(e.line, e.message) for e in info.value.errors]


def unit_table(db) -> list[tuple]:
    columns = [c for c in Unit.__table__.columns]
    return [tuple(r) for r in db.session.execute(select(*columns).order_by(Unit.id))]


def unit_count(db) -> int:
    return db.session.scalar(select(func.count(Unit.id)))


def test_import_units_creates_the_tree_with_paths_and_guessed_types(db):
    result = run_import(BASE)

    polres = db.session.scalar(select(Unit).where(Unit.code == "01.01"))
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert polres.unit_type == "Polresta"
    assert polres.path == f"{polres.parent.path}{polres.id}/"
    assert polres.parent.parent.code == "00"


def test_import_units_accepts_children_before_parents(db):
    text = HEADER + (
        "01.01.01,Polsek Kuta Alam,polsek,01.01,Asia/Jakarta\n"
        "01.01,Polresta Banda Aceh,polres,01,Asia/Jakarta\n"
        "01,Polda Aceh,polda,00,Asia/Jakarta\n"
        "00,Mabes Polri,mabes,,Asia/Jakarta\n"
    )

    result = run_import(text)

    polsek = db.session.scalar(select(Unit).where(Unit.code == "01.01.01"))
    assert result.created == 4
    assert len(polsek.ancestor_ids) == 4


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("02,Polda Sumut,polda,99,Asia/Jakarta", "Induk 99 tidak ditemukan"),
        ("02,Polda Sumut,polda,00,Asia/Tokyo", "Zona waktu Asia/Tokyo tidak dikenal"),
        ("02,Polda Sumut,kodam,00,Asia/Jakarta", "Tingkat satuan kodam tidak dikenal"),
        (
            "02,Polda Sumut,polres,00,Asia/Jakarta",
            "Satuan polres tidak bisa berada di bawah mabes (00).",
        ),
        (",Polda Sumut,polda,00,Asia/Jakarta", "Kode satuan wajib diisi"),
        ("02,,polda,00,Asia/Jakarta", "Nama satuan wajib diisi"),
        ("02,Polda Sumut,polda,,Asia/Jakarta", "harus punya induk"),
        ("02,Polda Sumut,polda,02,Asia/Jakarta", "di bawah dirinya sendiri"),
        ("01,Polda Aceh Lain,polda,00,Asia/Jakarta", "Kode 01 sudah ada di baris 3."),
        ("a/b,Polda Sumut,polda,00,Asia/Jakarta", "tidak valid"),
    ],
)
def test_import_units_reports_each_bad_row_with_its_line_and_writes_nothing(db, row, message):
    text = BASE + row + "\n"

    errors = errors_of(text)

    assert len(errors) == 1
    assert errors[0][0] == 5
    assert message in errors[0][1]
    assert unit_count(db) == 0


def test_import_units_collects_every_error_of_the_file(db):
    text = BASE + (
        "02,Polda Sumut,polda,99,Asia/Jakarta\n"
        "03,Polda Sumbar,polda,00,WIB\n"
        "03.01,Polres Padang,polres,03,Asia/Jakarta\n"
    )

    errors = errors_of(text)

    assert [line for line, _ in errors] == [5, 6]


def test_import_units_reports_a_cycle_inside_the_file(db):
    text = BASE + (
        "05,Polda Siklus,polda,05.01,Asia/Jakarta\n05.01,Polres Siklus,polres,05,Asia/Jakarta\n"
    )

    errors = errors_of(text)

    assert [line for line, _ in errors] == [5, 6]
    assert all("siklus" in message for _, message in errors)
    assert unit_count(db) == 0


def test_import_units_refuses_moving_a_unit_below_its_own_descendant(db):
    tree = make_tree()
    db.session.commit()
    polda, polres = tree["polda_a"], tree["polres_a"]
    before = unit_table(db)
    text = HEADER + f"{polda.code},{polda.name},polda,{polres.code},Asia/Jakarta\n"

    errors = errors_of(text)

    assert errors[0][0] == 2
    assert "siklus" in errors[0][1]
    assert unit_table(db) == before


def test_import_units_refuses_changing_the_level_of_an_existing_unit(db):
    tree = make_tree()
    polres = tree["polres_a"]
    text = HEADER + f"{polres.code},{polres.name},polsek,{polres.code},Asia/Jakarta\n"

    errors = errors_of(text)

    assert "tidak bisa diubah" in errors[0][1]


def test_import_units_does_not_blame_children_of_a_broken_row(db):
    text = BASE + (
        "02,Polda Sumut,polda,00,Asia/Tokyo\n02.01,Polres Medan,polres,02,Asia/Jakarta\n"
    )

    errors = errors_of(text)

    assert [line for line, _ in errors] == [5]


def test_import_units_updates_changed_units_and_moves_them(db):
    run_import(BASE + "02,Polda Sumut,polda,00,Asia/Jakarta\n")
    db.session.commit()
    changed = HEADER + (
        "00,Mabes Polri,mabes,,Asia/Jakarta\n"
        "01,Polda Aceh,polda,00,Asia/Jakarta\n"
        "01.01,Polresta Banda Aceh Baru,polres,02,Asia/Pontianak\n"
        "02.02,Polres Binjai,polres,02,Asia/Jakarta\n"
    )

    result = run_import(changed)

    polres = db.session.scalar(select(Unit).where(Unit.code == "01.01"))
    assert (result.created, result.updated, result.unchanged) == (1, 1, 2)
    assert (polres.name, polres.zone_label, polres.parent.code) == (
        "Polresta Banda Aceh Baru",
        "WIB",
        "02",
    )
    assert polres.path == f"{polres.parent.path}{polres.id}/"


def test_reimporting_the_same_file_changes_nothing(db):
    text = SHARED_CSV.read_text(encoding="utf-8")
    run_import(text)
    db.session.commit()
    before = unit_table(db)

    result = run_import(text)
    db.session.commit()

    assert (result.created, result.updated, result.unchanged) == (0, 0, 600)
    assert unit_table(db) == before


def test_import_of_the_shared_list_builds_the_whole_tree(db):
    result = import_units("polri_units.csv", SHARED_CSV.read_bytes())
    db.session.commit()

    levels = dict(db.session.execute(select(Unit.level, func.count()).group_by(Unit.level)).all())
    assert result.created == 600
    assert levels == {"mabes": 1, "polda": 34, "polres": 508, "polsek": 57}
    broken = db.session.scalar(
        select(func.count()).select_from(Unit).where(Unit.path.not_like("/%/"))
    )
    assert broken == 0


def test_import_units_reads_latin1_and_utf8_bom_files(db):
    latin = BASE + "01.01.01,Polsek Pérak,polsek,01.01,Asia/Jakarta\n"

    import_units("latin.csv", latin.encode("latin-1"))
    import_units("bom.csv", ("\ufeff" + BASE).encode("utf-8"))

    assert db.session.scalar(select(Unit.name).where(Unit.code == "01.01.01")) == "Polsek Pérak"
    assert unit_count(db) == 4


def test_import_units_refuses_empty_files_and_missing_columns(db):
    with pytest.raises(ImportFailed, match="Berkas kosong"):
        import_units("units.csv", b"")
    with pytest.raises(ImportFailed, match="Kolom wajib tidak ada: kode_induk, zona_waktu"):
        import_units("units.csv", b"kode,nama,tingkat_satuan\n00,Mabes,mabes\n")
    with pytest.raises(ImportFailed, match="Kolom wajib tidak ada: kode_induk, zona_waktu"):
        import_units("units.csv", b"code,name,level\n00,Mabes,mabes\n")  # English headers
    with pytest.raises(ImportFailed, match="Berkas XLSX tidak bisa dibaca"):
        import_units("units.xlsx", b"not a zip file")
    with pytest.raises(ImportFailed, match="CSV atau XLSX"):
        import_units("units.pdf", b"%PDF-1.4")


def test_import_units_stores_a_formula_like_name_as_text(db):
    text = BASE + '01.02,"=HYPERLINK(""http://x"",""klik"")",polres,01,Asia/Jakarta\n'

    run_import(text)

    name = db.session.scalar(select(Unit.name).where(Unit.code == "01.02"))
    assert name == '=HYPERLINK("http://x","klik")'


def test_import_units_reads_xlsx_with_the_english_headers_and_a_type_column(db):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "level", "parent_code", "timezone", "type"])
    sheet.append(["00", "Mabes Polri", "mabes", None, "Asia/Jakarta", None])
    sheet.append(["01", "Polda Bali", "polda", "00", "Asia/Makassar", "polda"])
    sheet.append(["01.01", "Kota Denpasar", "polres", "01", "Asia/Makassar", "Polresta"])
    buffer = BytesIO()
    workbook.save(buffer)

    result = import_units("units.xlsx", buffer.getvalue())

    polres = db.session.scalar(select(Unit).where(Unit.code == "01.01"))
    assert result.created == 3
    assert (polres.unit_type, polres.zone_label) == ("Polresta", "WITA")


def test_import_units_keeps_an_edited_type_when_the_file_has_no_type(db):
    run_import(BASE)
    polres = db.session.scalar(select(Unit).where(Unit.code == "01.01"))
    polres.unit_type = "Polrestabes"
    db.session.commit()

    result = run_import(BASE)

    assert result.unchanged == 3
    assert polres.unit_type == "Polrestabes"


def test_import_units_reports_an_unknown_type(db):
    text = HEADER.replace("\n", ",jenis\n") + "00,Mabes Polri,mabes,,Asia/Jakarta,Kodam\n"

    errors = errors_of(text)

    assert errors == [(2, "Jenis satuan Kodam tidak dikenal.")]


def test_cli_import_units_prints_a_summary_and_is_idempotent(app, db, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(BASE, encoding="utf-8")
    runner = app.test_cli_runner()

    first = runner.invoke(args=["import-units", str(path)])
    second = runner.invoke(args=["import-units", str(path)])

    assert first.exit_code == 0, first.output
    assert "3 baru, 0 berubah, 0 pindah, 0 tidak berubah" in first.output
    assert "0 baru, 0 berubah, 0 pindah, 3 tidak berubah" in second.output


def test_cli_import_units_lists_every_error_and_exits_1(app, db, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(BASE + "02,Polda Sumut,polda,99,Asia/Jakarta\n03,,polda,00,WIB\n")
    make_unit(code="ZZ")
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["import-units", str(path)])

    assert result.exit_code == 1
    assert "Baris 5: Induk 99 tidak ditemukan" in result.output
    assert "Baris 6: Nama satuan wajib diisi" in result.output
    assert "Baris 6: Zona waktu WIB tidak dikenal" in result.output
    assert unit_count(db) == 1


def test_import_units_reports_every_reason_of_one_row(db):
    errors = errors_of(BASE + "02,Polda Sumut,polda,77,UTC\n")

    assert [line for line, _ in errors] == [5, 5]
    assert "Zona waktu UTC tidak dikenal" in errors[0][1]
    assert "Induk 77 tidak ditemukan" in errors[1][1]
