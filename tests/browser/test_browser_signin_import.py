"""An admin imports people with the "also create sign-in accounts" box ticked: the preview
tells how many accounts and how many without e-mail, confirming creates them."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from training.auth.models import User
from training.auth.provisioning import PENDING_HASH
from training.extensions import db
from training.units.models import Unit

pytestmark = pytest.mark.browser


def test_people_import_with_accounts_through_the_preview(page: Page, live_server, live_app,
                                                         sign_in, tmp_path):  # fmt: skip
    with live_app.app_context():
        code = db.session.scalar(select(Unit.code).where(Unit.level == "polsek").limit(1))
    rows = [
        f"89880001,Impor Akun Satu,Bripka,operator_medsos,{code},,satu@polri.go.id",
        f"89880002,Impor Akun Dua,Bripda,operator_medsos,{code},,",
    ]
    path = tmp_path / "personel.csv"
    path.write_text("nrp,nama,pangkat,jabatan,kode_satuan,telepon,email\n" + "\n".join(rows))
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("admin")

    page.goto(live_server + "/people/import")
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(str(path))
    page.get_by_label("Sekaligus buat akun masuk untuk personel ini").check()
    page.get_by_role("button", name="Unggah dan periksa").click()
    numbers = page.locator("#import-accounts")
    expect(numbers).to_contain_text("akan dibuat bersama impor ini: 2")
    expect(numbers).to_contain_text("Di antaranya tanpa email: 1")
    page.get_by_role("button", name="Simpan impor").click()

    expect(page.get_by_text(re.compile(r"2 akun masuk baru \(1 tanpa email"))).to_be_visible()
    with live_app.app_context():
        hashes = db.session.scalars(
            select(User.password_hash).where(User.username.in_(["89880001", "89880002"]))
        ).all()
    assert hashes == [PENDING_HASH, PENDING_HASH]
