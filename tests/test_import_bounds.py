"""Hostile or broken uploads get a clear message, never a 500, within bounded work."""

import time
from io import BytesIO

import pytest
from sqlalchemy import func, select

from tests import xlsx_builders as xb
from training.accounts.models import SocialAccount
from training.core.tabular import ImportFailed, Limits, read_table
from training.people.models import Person
from training.units.models import Unit

UNIT_HEADER = ["code", "name", "level", "parent_code", "timezone"]
UNIT_ROWS = [UNIT_HEADER, ["00", "Mabes Polri", "mabes", "", "Asia/Jakarta"]]
IMPORTS = [
    ("/units/import", Unit, UNIT_HEADER),
    ("/people/import", Person, ["nrp", "nama", "pangkat", "jabatan", "kode_satuan"]),
    ("/accounts/import", SocialAccount, ["kode_satuan", "platform", "akun"]),
]
HOSTILE = [
    ("truncated", lambda header: xb.sheet([header, ["1"] * len(header)])[:150], "Berkas XLSX"),
    ("entities", lambda header: xb.billion_laughs([header]), "DTD"),
    ("no sheet", lambda header: None, "tidak berisi lembar kerja"),
    ("last cell XFD1048576", lambda header: xb.huge_dimension([header]), "terlalu panjang"),
]


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(("url", "model", "header"), IMPORTS)
@pytest.mark.parametrize(("kind", "build", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_workbooks_get_a_message_not_a_500(
    client, login, db, url, model, header, kind, build, message
):
    login("admin")
    before = count(db, model)
    started = time.monotonic()

    response = client.post(url, data={"file": (BytesIO(xb.package(build(header))), "f.xlsx")})

    assert response.status_code == 200
    assert message in response.text
    assert "Tidak ada data yang disimpan" in response.text
    assert count(db, model) == before
    assert time.monotonic() - started < 5


def test_a_declared_dimension_is_not_trusted(app):
    # 4 KB declaring A1:XFD1048576: openpyxl used to pad every row to 16,384 cells and
    # every missing row up to the declared last one (about 48 CPU-minutes).
    data = xb.package(xb.sheet(UNIT_ROWS, dimension="A1:XFD1048576"))
    started = time.monotonic()

    rows = read_table("u.xlsx", data, UNIT_HEADER)

    assert time.monotonic() - started < 2
    assert [(r.line, r.get("code"), r.get("name")) for r in rows] == [(2, "00", "Mabes Polri")]


def test_rows_beyond_the_limit_are_refused_early(app):
    limits = Limits(rows=10)
    rows = [UNIT_HEADER] + [[f"{n:02}", "X", "polda", "00", "Asia/Jakarta"] for n in range(11)]

    with pytest.raises(ImportFailed, match="Terlalu banyak baris"):
        read_table("u.xlsx", xb.package(xb.sheet(rows)), UNIT_HEADER, limits=limits)
    far = xb.sheet(UNIT_ROWS, extra=xb.row_xml(500, ["01", "Y", "polda", "00", "Asia/Jakarta"]))
    with pytest.raises(ImportFailed, match="lebih dari 111 baris"):
        read_table("u.xlsx", xb.package(far), UNIT_HEADER, limits=limits)


def test_columns_and_reading_time_are_bounded(app):
    wide = [UNIT_HEADER + [f"x{n}" for n in range(60)]]
    with pytest.raises(ImportFailed, match="Terlalu banyak kolom \\(paling banyak 50\\)"):
        read_table("u.xlsx", xb.package(xb.sheet(wide)), UNIT_HEADER)
    with pytest.raises(ImportFailed, match="Terlalu banyak kolom"):
        read_table("u.csv", (",".join(wide[0]) + "\n").encode(), UNIT_HEADER)
    with pytest.raises(ImportFailed, match="terlalu lama dibaca"):
        read_table("u.csv", b"code\n01\n", ["code"], limits=Limits(seconds=-1))


def test_a_workbook_unpacking_beyond_the_limit_is_refused(app):
    rows = UNIT_ROWS + [["1" * 200] * 5 for _ in range(100)]
    data = xb.package(xb.sheet(rows))

    with pytest.raises(ImportFailed, match="terlalu besar setelah dibuka"):
        read_table("u.xlsx", data, UNIT_HEADER, limits=Limits(unpacked_bytes=50_000))
