"""CSV/XLSX reading (encodings, delimiters, bad files) and safe exports."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from training.core.tabular import ImportFailed, iter_csv, read_table, write_xlsx


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_read_table_accepts_utf8_with_bom(app):
    data = "\ufeffcode,name\n01,Polda Aceh\n".encode()

    rows = read_table("u.csv", data, ["code", "name"])

    assert [(r.line, r.values) for r in rows] == [(2, {"code": "01", "name": "Polda Aceh"})]


def test_read_table_decodes_latin1(app):
    data = "code;name\n01;Polsek Cikarang Sélatan\n".encode("latin-1")

    rows = read_table("u.csv", data, ["code", "name"])

    assert rows[0].get("name") == "Polsek Cikarang Sélatan"


def test_read_table_reports_missing_columns(app):
    with pytest.raises(ImportFailed) as caught:
        read_table("u.csv", b"code\n01\n", ["code", "name"])

    assert "name" in str(caught.value.errors[0])


def test_read_table_reads_aliases_as_its_own_columns(app):
    data = b"code,nama\n01,Polda Aceh\n"

    rows = read_table("u.csv", data, ["kode", "nama"], aliases={"code": "kode"})

    assert [r.values for r in rows] == [{"kode": "01", "nama": "Polda Aceh"}]


def test_read_table_refuses_a_column_given_twice_also_under_an_alias(app):
    data = b"code,kode,nama\n01,02,Polda Aceh\n"

    with pytest.raises(ImportFailed) as info:
        read_table("u.csv", data, ["kode", "nama"], aliases={"code": "kode"})

    assert [(e.line, e.message) for e in info.value.errors] == [
        (1, "Kolom muncul lebih dari sekali: kode")
    ]


@pytest.mark.parametrize("data", [b"", b"   \n\n"])
def test_read_table_refuses_empty_files(app, data):
    with pytest.raises(ImportFailed, match="kosong"):
        read_table("u.csv", data, ["code"])


def test_read_table_refuses_garbage_xlsx(app):
    with pytest.raises(ImportFailed, match="XLSX"):
        read_table("u.xlsx", b"not a zip file", ["code"])


def test_read_table_keeps_formulas_from_xlsx_as_text(app):
    data = _xlsx([["code", "name"], ["01", '=HYPERLINK("http://x","klik")']])

    rows = read_table("u.xlsx", data, ["code", "name"])

    assert rows[0].get("name") == '=HYPERLINK("http://x","klik")'


def test_read_table_refuses_other_formats(app):
    with pytest.raises(ImportFailed, match="CSV atau XLSX"):
        read_table("u.pdf", b"%PDF-1.4", ["code"])


def test_iter_csv_neutralises_formulas():
    text = "".join(iter_csv(["nama"], [['=HYPERLINK("http://x")'], ["Budi"]]))

    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))

    assert rows == [["nama"], ['\'=HYPERLINK("http://x")'], ["Budi"]]


def test_write_xlsx_stores_formula_text_as_string():
    data = write_xlsx(["nama"], [["=1+1"]], "Personel")

    sheet = load_workbook(io.BytesIO(data)).active

    assert sheet["A2"].value == "'=1+1"
    assert sheet["A2"].data_type == "s"


def test_read_table_decodes_utf16_and_drops_nul_characters(app):
    data = "code,name\n01,Polda\x00 Aceh\n".encode("utf-16")

    rows = read_table("u.csv", data, ["code", "name"])

    assert rows[0].values == {"code": "01", "name": "Polda Aceh"}
