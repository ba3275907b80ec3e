"""Account import/export: row errors, all-or-nothing, idempotent re-import, round trips."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tests.accounts_factories import TODAY, make_account
from tests.factories import make_tree, make_user
from tests.statements import count_statements
from training.accounts.importer import HEADER, export_rows, import_accounts
from training.accounts.models import SocialAccount, SocialAccountChange
from training.accounts.queries import AccountFilters, export_query
from training.core.tabular import ImportFailed, iter_csv, write_xlsx
from training.policy.scope import Scope

CSV_HEADER = ",".join(HEADER) + "\n"


@pytest.fixture
def tree(db):
    tree = make_tree()
    db.session.commit()
    return tree


def _csv(*lines: str, header: str = CSV_HEADER) -> bytes:
    return (header + "\n".join(lines) + "\n").encode()


def _import(data: bytes, filename="akun.csv", **kw):
    return import_accounts(filename, data, today=TODAY, **kw)


def _errors(db, data: bytes, filename="akun.csv") -> list[str]:
    with pytest.raises(ImportFailed) as info:
        _import(data, filename)
    db.session.rollback()
    return [str(e) for e in info.value.errors]


def _count(db, model=SocialAccount) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _exported(fmt="csv") -> bytes:
    rows = list(export_rows(export_query(Scope(everything=True), AccountFilters())))
    if fmt == "csv":
        return "".join(iter_csv(HEADER, rows)).encode("utf-8")
    return write_xlsx(HEADER, rows, "Akun")


def test_import_creates_accounts_from_codes_labels_and_both_date_formats(db, tree):
    a, b = tree["polda_a"].code, tree["polres_a"].code
    admin = make_user(roles=("admin",))

    result = _import(
        _csv(
            f"{a},Instagram,@PoldaA,https://instagram.com/poldaa,ya,2024-05-17,Arsip Humas,aktif",
            f"{b},Twitter,polres.a,https://twitter.com/polres.a,YA,17/05/2024,,Nonaktif",
            f"{b},TikTok,polres_a,,tidak,,,",
        ),
        user=admin,
    )
    db.session.commit()

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    accounts = {a.handle: a for a in db.session.scalars(select(SocialAccount))}
    polda = accounts["poldaa"]
    assert (polda.platform, polda.verified, polda.verified_on) == (
        "instagram",
        True,
        date(2024, 5, 17),
    )
    assert polda.evidence_note == "Arsip Humas"
    x = accounts["polres.a"]
    assert (x.platform, x.verified_on, x.status, x.unit) == (
        "x",
        date(2024, 5, 17),
        "inactive",
        tree["polres_a"],
    )
    assert (accounts["polres_a"].verified, accounts["polres_a"].status) == (False, "active")
    changes = db.session.scalars(select(SocialAccountChange)).all()
    assert {(c.action, c.user_id) for c in changes} == {("import", admin.id)}


def test_import_reports_every_bad_row_with_its_line_and_writes_nothing(db, tree):
    c = tree["polres_a"].code
    errors = _errors(
        db,
        _csv(
            f"{c},instagram,baik,,tidak,,,",  # 2: fine
            "99.99,instagram,satuan_hilang,,tidak,,,",  # 3
            f"{c},myspace,platform_asing,,tidak,,,",  # 4
            f"{c},instagram,nama akun!,,tidak,,,",  # 5
            f"{c},instagram,url_asing,https://evil.example/x,tidak,,,",  # 6
            f"{c},instagram,tanpa_tanggal,,ya,,,",  # 7
            f"{c},instagram,tanggal_nanti,,ya,2026-12-01,,",  # 8
            f"{c},instagram,tanggal_rusak,,ya,31/02/2024,,",  # 9
            f"{c},instagram,ragu,,mungkin,,,",  # 10
            f"{c},instagram,status_aneh,,tidak,,,dihapus",  # 11
            ",instagram,tanpa_satuan,,tidak,,,",  # 12
            f"{c},instagram,@BAIK,,tidak,,,",  # 13: same as line 2
        ),
    )

    assert errors == [
        "Baris 3: kode_satuan: satuan 99.99 tidak ditemukan.",
        "Baris 4: platform: Platform tidak dikenal.",
        "Baris 5: akun: Nama akun hanya boleh berisi huruf, angka, titik, garis bawah dan "
        "tanda hubung (paling banyak 100 karakter).",
        "Baris 6: url: URL tidak cocok dengan platform Instagram (harus di instagram.com).",
        "Baris 7: tanggal_verifikasi: Tanggal verifikasi wajib diisi untuk akun terverifikasi.",
        "Baris 8: tanggal_verifikasi: Tanggal verifikasi tidak boleh setelah hari ini.",
        "Baris 9: tanggal_verifikasi: Tanggal 31/02/2024 tidak ada di kalender.",
        "Baris 10: terverifikasi: isi ya atau tidak.",
        "Baris 11: status: Status harus aktif atau nonaktif.",
        "Baris 12: kode_satuan: wajib diisi.",
        "Baris 13: akun @baik di instagram sudah ada di baris 2 berkas ini.",
    ]
    assert _count(db) == 0 and _count(db, SocialAccountChange) == 0


def test_reimport_changes_nothing_and_a_changed_row_is_one_import_update(db, tree):
    c = tree["polres_a"].code
    lines = [f"{c},instagram,satu,,ya,2024-01-02,bukti,aktif", f"{c},x,dua,,tidak,,,aktif"]
    _import(_csv(*lines))
    db.session.commit()

    again = _import(_csv(*lines))
    lines[1] = f"{tree['polsek_a'].code},x,dua,https://x.com/dua,tidak,,,nonaktif"
    changed = _import(_csv(*lines))
    db.session.commit()

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    latest = db.session.scalar(select(SocialAccountChange).order_by(SocialAccountChange.id.desc()))
    assert latest.action == "import"
    assert latest.changes == {
        "unit": [c, tree["polsek_a"].code],
        "url": ["", "https://x.com/dua"],
        "status": ["active", "inactive"],
    }
    assert _count(db, SocialAccountChange) == 3


def test_columns_left_out_of_the_file_keep_the_stored_values(db, tree):
    account = make_account(tree["polres_a"], handle="lengkap", evidence_note="Bukti lama")
    db.session.commit()

    result = _import(
        _csv(
            f"{tree['polres_a'].code},instagram,lengkap,nonaktif",
            header="kode_satuan,platform,akun,status\n",
        )
    )

    assert (result.updated, account.status) == (1, "inactive")
    assert (account.verified, account.verified_on, account.evidence_note) == (
        True,
        date(2025, 3, 1),
        "Bukti lama",
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reimports_unchanged_even_with_formula_like_text(db, tree, fmt):
    make_account(tree["polres_a"], handle="-minus", evidence_note='=HYPERLINK("http://x","klik")')
    make_account(tree["polsek_a"], platform="lainnya", handle="@plus", url="https://t.me/plus")
    make_account(
        tree["polda_b"], platform="youtube", handle="yt", verified=False, status="inactive"
    )
    db.session.commit()

    data = _exported(fmt)
    result = _import(data, f"akun.{fmt}")

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    if fmt == "csv":
        text = data.decode("utf-8")
        assert "'=HYPERLINK" in text and "'-minus" in text
    else:
        sheet = load_workbook(io.BytesIO(data)).active
        assert sheet["A1"].value == "kode_satuan"
        assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)


def test_round_trip_into_an_empty_database_recreates_the_accounts(db, tree):
    make_account(tree["polres_a"], handle="pulang", evidence_note="Baris satu; baris dua")
    make_account(
        tree["polres_b"], platform="facebook", handle="pergi", url="https://facebook.com/pergi"
    )
    db.session.commit()
    before = sorted(export_rows(export_query(Scope(everything=True), AccountFilters())))
    data = _exported()
    for account in db.session.scalars(select(SocialAccount)):
        db.session.delete(account)
    db.session.commit()

    result = _import(data)

    after = sorted(export_rows(export_query(Scope(everything=True), AccountFilters())))
    assert result.created == 2 and after == before


def test_xlsx_date_cells_and_formula_cells_are_read_as_values_and_text(db, tree):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["Kode Satuan", "Platform", "Akun", "Terverifikasi", "Tanggal Verifikasi", "Catatan Bukti"]
    )
    sheet.append([tree["polres_a"].code, "instagram", "xl", "ya", datetime(2025, 2, 3), "=1+1"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = _import(buffer.getvalue(), "akun.xlsx")

    account = db.session.scalar(select(SocialAccount))
    assert result.created == 1
    assert (account.verified_on, account.evidence_note) == (date(2025, 2, 3), "=1+1")


def test_import_reads_latin1_utf16_and_semicolons(db, tree):
    c = tree["polres_a"].code
    latin1 = _csv(f"{c},instagram,latin,,tidak,,Catatan Sétiawan,").decode().encode("cp1252")
    utf16 = _csv(f"{c},x,utf16,,tidak,,Catatan Müller,").decode().encode("utf-16")
    semi = _csv(f"{c};tiktok;semi;;tidak;;;", header=CSV_HEADER.replace(",", ";"))

    for data in (latin1, utf16, semi):
        assert _import(data).created == 1

    notes = set(db.session.scalars(select(SocialAccount.evidence_note)))
    assert notes == {"Catatan Sétiawan", "Catatan Müller", ""}


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("a.csv", b"", "Berkas kosong."),
        ("a.csv", b" \n\n", "Berkas kosong."),
        ("a.csv", b"kode_satuan,akun\nx,y\n", "Kolom wajib tidak ada: platform"),
        ("a.csv", CSV_HEADER.encode(), "Berkas tidak berisi baris data."),
        ("a.xlsx", b"PK\x03\x04 bukan zip", "Berkas XLSX tidak bisa dibaca."),
        ("a.xlsx", bytes(range(256)) * 4, "Berkas XLSX tidak bisa dibaca."),
        ("a.json", b"{}", "Format berkas harus CSV atau XLSX."),
        ("a.csv", b'kode_satuan,platform,akun\n"tak,tertutup\x00', "Baris"),
    ],
)
def test_malformed_files_are_refused_with_a_message(db, tree, filename, data, message):
    errors = _errors(db, data, filename)

    assert any(message in e for e in errors), errors


def test_nul_bytes_and_control_characters_never_reach_the_database(db, tree):
    c = tree["polres_a"].code
    data = _csv(f"{c},instagram,nul\x00ok,,tidak,,ca\x00tatan,")

    _import(data)

    account = db.session.scalar(select(SocialAccount))
    assert (account.handle, account.evidence_note) == ("nulok", "catatan")


def test_hundreds_of_rows_import_in_a_few_statements(db, tree):
    c = tree["polsek_a"].code
    lines = [f"{c},instagram,akun_{n},,ya,2025-01-01,,aktif" for n in range(600)]

    with count_statements() as statements:
        result = _import(_csv(*lines))
        db.session.commit()

    assert result.created == 600 and _count(db, SocialAccountChange) == 600
    assert len(statements) < 30


def test_cli_imports_a_file_and_exits_1_on_errors(app, db, tree, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(_csv(f"{tree['polres_a'].code},instagram,cli,,tidak,,,"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("99.99,instagram,cli2,,tidak,,,"))
    runner = app.test_cli_runner()

    ok = runner.invoke(args=["import-accounts", str(good)])
    failed = runner.invoke(args=["import-accounts", str(bad)])

    assert ok.exit_code == 0, ok.output
    assert "1 baru, 0 berubah, 0 pindah, 0 tidak berubah" in ok.output
    assert failed.exit_code == 1
    assert "Baris 2: kode_satuan: satuan 99.99 tidak ditemukan." in failed.output
    assert _count(db) == 1
