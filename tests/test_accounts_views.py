"""Account pages: access per role and scope, filters, bounded statements, forms, import, export."""

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.accounts_factories import make_account
from tests.factories import make_command_tree, make_person, make_tree, make_unit
from tests.import_steps import upload_and_confirm
from tests.statements import count_statements
from training.accounts.models import SocialAccount, SocialAccountChange


@pytest.fixture
def tree(db):
    tree = make_tree()
    make_account(tree["polda_a"], handle="poldaa", platform="instagram")
    make_account(tree["polres_a"], handle="polresa_x", platform="x", verified=False)
    make_account(tree["polsek_a"], handle="polseka", platform="tiktok", status="inactive")
    make_account(tree["polres_b"], handle="polresb", platform="instagram")
    db.session.commit()
    return tree


def _handles(html: str) -> set[str]:
    return set(re.findall(r">@([a-z0-9._-]+)</a>", html))


def _account(db, handle) -> SocialAccount:
    return db.session.scalar(select(SocialAccount).where(SocialAccount.handle == handle))


def test_participant_gets_403_and_anonymous_goes_to_login(client, login, db, tree):
    assert "/login" in client.get("/accounts/").headers["Location"]
    login("participant", person=make_person(tree["polsek_a"]))

    for url in ("/accounts/", "/accounts/export.csv", f"/accounts/{_account(db, 'polseka').id}"):
        assert client.get(url).status_code == 403


def test_commander_sees_only_their_subtree_and_404_outside(client, login, db, tree):
    login("commander", unit=tree["polda_a"])

    html = client.get("/accounts/").text

    assert _handles(html) == {"poldaa", "polresa_x", "polseka"}
    assert client.get(f"/accounts/{_account(db, 'polresb').id}").status_code == 404
    assert "polresb" not in _handles(client.get(f"/accounts/?unit={tree['polres_b'].code}").text)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("unit={polres_a}", {"polresa_x", "polseka"}),
        ("platform=instagram", {"poldaa", "polresb"}),
        ("verified=tidak", {"polresa_x"}),
        ("verified=ya&status=active", {"poldaa", "polresb"}),
        ("status=inactive", {"polseka"}),
        ("q=@POLRES", {"polresa_x", "polresb"}),
        (
            "platform=myspace&verified=mungkin&status=x",
            {"poldaa", "polresa_x", "polseka", "polresb"},
        ),
    ],
)
def test_list_filters(client, login, tree, query, expected):
    login("trainer")

    html = client.get("/accounts/?" + query.format(polres_a=tree["polres_a"].code)).text

    assert _handles(html) == expected


def test_filters_keep_their_values_in_the_form(client, login, tree):
    login("trainer")

    html = client.get(f"/accounts/?unit={tree['polres_a'].code}&platform=x&verified=tidak").text

    assert f'value="{tree["polres_a"].code}"' in html
    assert '<option value="x" selected>' in html
    assert '<option value="tidak" selected>' in html


def _list_statements(client, db, root, n):
    """Statements of the list of ``n`` accounts spread over up to 10 units below one."""
    unit = make_unit(root)
    units = [make_unit(unit) for _ in range(min(n, 10))]
    platforms = ("youtube", "facebook", "instagram")
    for i in range(n):
        make_account(units[i % len(units)], handle=f"banyak_{n}_{i}", platform=platforms[i % 3])
    db.session.commit()
    with count_statements() as statements:
        response = client.get(f"/accounts/?unit={unit.code}&per_page=200")
    assert response.status_code == 200 and len(_handles(response.text)) == n
    return len(statements)


def test_list_runs_the_same_number_of_statements_for_5_and_50_accounts(client, login, db):
    root = make_unit()
    login("commander", unit=root)

    assert _list_statements(client, db, root, 5) == _list_statements(client, db, root, 50)


def test_admin_registers_an_account_and_history_shows_labels(client, login, db, tree):
    admin = login("admin")

    response = client.post(
        "/accounts/new",
        data={
            "unit_code": tree["polres_b"].code,
            "platform": "facebook",
            "handle": "@Humas.PolresB",
            "url": "https://www.facebook.com/humas.polresb",
            "verified": "y",
            "verified_on": "2025-06-01",
            "evidence_note": "Arsip Bid Humas",
            "status": "active",
        },
    )

    account = _account(db, "humas.polresb")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/accounts/{account.id}")
    assert (account.unit, account.verified_on) == (tree["polres_b"], date(2025, 6, 1))
    html = client.get(f"/accounts/{account.id}").text
    assert admin.username in html and "Dibuat" in html
    assert f"{tree['polres_b'].name} ({tree['polres_b'].code})" in html
    assert "Facebook" in html and ">facebook<" not in html


def test_edit_history_shows_field_labels_and_before_after_values(client, login, db, tree):
    login("admin")
    account = _account(db, "polresa_x")

    response = client.post(
        f"/accounts/{account.id}/edit",
        data={
            "unit_code": tree["polres_a"].code,
            "platform": "x",
            "handle": "polresa_x",
            "status": "inactive",
            "verified": "y",
            "verified_on": "2026-01-05",
        },
        follow_redirects=True,
    )

    html = response.text
    assert "Akun @polresa_x diperbarui." in html
    row = re.search(r"Diubah</td>(.*?)</tbody>", html, re.S).group(1)
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)][:9]
    assert cells == [
        "Terverifikasi", "Tidak", "Ya",
        "Tanggal verifikasi", "—", "5 Jan 2026",
        "Status", "Aktif", "Nonaktif",
    ]  # fmt: skip
    assert len(db.session.scalars(select(SocialAccountChange)).all()) == 5


def test_refused_values_are_shown_per_field_and_the_form_keeps_them(client, login, db, tree):
    login("admin")
    make_account(tree["polres_a"], platform="tiktok", handle="sudah_ada")
    db.session.commit()

    response = client.post(
        "/accounts/new",
        data={
            "unit_code": tree["polres_a"].code,
            "platform": "tiktok",
            "handle": "Sudah_Ada",
            "url": "https://instagram.com/sudah_ada",
            "verified": "y",
            "verified_on": "",
            "evidence_note": "Catatan <b>tebal</b>",
            "status": "active",
        },
    )

    html = response.text
    assert response.status_code == 200
    assert "Akun @sudah_ada di TikTok sudah terdaftar untuk" in html
    assert "URL tidak cocok dengan platform TikTok" in html
    assert "Tanggal verifikasi wajib diisi untuk akun terverifikasi." in html
    assert 'value="Sudah_Ada"' in html and 'value="https://instagram.com/sudah_ada"' in html
    assert "Catatan &lt;b&gt;tebal&lt;/b&gt;" in html
    assert '<option selected value="tiktok">' in html


def test_unknown_unit_code_and_bad_date_are_field_errors(client, login, db, tree):
    login("admin")

    response = client.post(
        "/accounts/new",
        data={
            "unit_code": "99.99",
            "platform": "x",
            "handle": "baru",
            "verified_on": "kemarin",
            "status": "active",
        },
    )

    assert response.status_code == 200
    assert "Kode satuan 99.99 tidak ada." in response.text
    assert "Tanggal tidak valid." in response.text
    assert 'value="99.99"' in response.text and 'value="kemarin"' in response.text
    assert _account(db, "baru") is None


def test_empty_form_shows_required_errors_in_indonesian(client, login, tree):
    login("admin")

    html = client.post("/accounts/new", data={}).text

    assert html.count("Wajib diisi.") == 4  # unit, platform, handle, status


def test_import_page_reports_errors_with_line_numbers_and_saves_nothing(client, login, db, tree):
    login("admin")
    body = f"kode_satuan,platform,akun\n{tree['polres_a'].code},instagram,ok\n99.99,x,tidak_ok\n"

    response = client.post(
        "/accounts/import",
        data={"file": (io.BytesIO(body.encode()), "akun.csv")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 200
    assert "Baris 3" in response.text and "satuan 99.99 tidak ditemukan" in response.text
    assert _account(db, "ok") is None


def test_import_page_creates_accounts_and_records_the_admin(client, login, db, tree):
    admin = login("admin")
    body = f"kode_satuan,platform,akun,status\n{tree['polres_a'].code},YouTube,@Kanal,aktif\n"

    response = upload_and_confirm(client, "/accounts/import", body.encode(), "akun.csv")

    assert "Impor selesai: 1 baru, 0 berubah, 0 pindah, 0 tidak berubah." in response.text
    account = _account(db, "kanal")
    assert account.platform == "youtube"
    change = db.session.scalar(
        select(SocialAccountChange).where(SocialAccountChange.account_id == account.id)
    )
    assert (change.action, change.user_id) == ("import", admin.id)


def test_export_csv_follows_scope_and_filters_and_neutralises_formulas(client, login, db, tree):
    make_account(tree["polsek_a"], handle="rumus", evidence_note='=HYPERLINK("http://x")')
    db.session.commit()
    login("commander", unit=tree["polda_a"])

    with client.get(f"/accounts/export.csv?unit={tree['polres_a'].code}") as response:
        lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()

    assert lines[0] == (
        "kode_satuan,platform,akun,url,terverifikasi,tanggal_verifikasi,catatan_bukti,status"
    )
    assert lines[1] == f"{tree['polres_a'].code},x,polresa_x,,tidak,,,aktif"
    assert {line.split(",")[2] for line in lines[1:]} == {"polresa_x", "polseka", "rumus"}
    assert "'=HYPERLINK" in lines[-1] or any("'=HYPERLINK" in line for line in lines)


def test_export_xlsx_is_scoped_and_keeps_text(client, login, db, tree):
    login("commander", unit=tree["polres_b"])

    with client.get("/accounts/export.xlsx") as response:
        rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))

    assert rows[0][:3] == ("kode_satuan", "platform", "akun")
    assert [r[2] for r in rows[1:]] == ["polresb"]
    assert rows[1][4:6] == ("ya", "2025-03-01")


def test_a_bad_unit_code_is_a_message_at_the_filter_for_a_kapolres(client, login):
    units = make_command_tree()
    make_account(units["polres_1"], handle="polres_satu")
    make_account(units["polsek_1"], handle="polsek_satu")
    make_account(units["polsek_2"], handle="polsek_dua")
    login("commander", unit=units["polres_1"])

    for code in ("15.16.1", units["polres_2"].code):  # unknown, then the sibling Polres
        page = client.get(f"/accounts/?unit={code}")
        assert page.status_code == 200
        assert f"Satuan {code} tidak ditemukan dalam lingkup Anda." in page.text
        assert f'value="{code}"' in page.text
        assert _handles(page.text) == set()
        assert client.get(f"/accounts/export.xlsx?unit={code}").status_code == 404
    good = client.get(f"/accounts/?unit={units['polsek_1'].code}")
    assert _handles(good.text) == {"polsek_satu"}
