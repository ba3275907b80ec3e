"""A kapolres provisions a Polsek's accounts through the preview, downloads the activation
sheet; a participant activates with a code from it, signs in and sees their schedule; a
reused or expired code is refused clearly."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlalchemy import select, update

from training.auth.codes import SignInCode
from training.auth.models import User
from training.extensions import db
from training.people.models import Person
from training.units.models import Unit

pytestmark = pytest.mark.browser
NEW = "Sandi-Aktivasi-2026"
NAMES = {"89990001": "Peserta Aktivasi Satu", "89990002": "Peserta Aktivasi Dua"}


@pytest.fixture
def polsek(live_app):
    with live_app.app_context():
        kapolres = db.session.scalar(select(User).where(User.username == "kapolres"))
        unit = db.session.scalar(select(Unit).where(Unit.parent_id == kapolres.unit_id).limit(1))
        for nrp, name in NAMES.items():
            db.session.add(Person(full_name=name, nrp=nrp, rank="Bripka",
                                  position="operator_medsos", unit_id=unit.id))  # fmt: skip
        db.session.commit()
        return unit.code


def _code(text: str, name: str) -> str:
    return re.search(rf"{name}.*?Kode aktivasi: ([A-Z2-7-]+)", text, re.S).group(1)


def _activate(page: Page, live_server, nrp: str, code: str):
    page.goto(live_server + "/aktivasi")
    page.get_by_label("NRP/NIP").fill(nrp)
    page.get_by_label("Kode aktivasi").fill(code)
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW)
    page.get_by_label("Ulangi kata sandi baru").fill(NEW)
    page.get_by_role("button", name="Aktifkan akun").click()


def test_provision_sheet_activate_sign_in_and_schedule(page: Page, live_server, live_app,
                                                       sign_in, polsek):  # fmt: skip
    sign_in("kapolres")
    page.goto(f"{live_server}/signin/units/{polsek}")
    new = int(page.locator('[data-count="new"]').inner_text())
    assert new >= 2
    page.get_by_role("button", name=f"Buat {new} akun").click()
    expect(page.get_by_text(f"{new} akun dibuat")).to_be_visible()
    page.get_by_label(re.compile("Juga yang punya email")).check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh lembar aktivasi").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "NRP: 89990001" in text and "/aktivasi" in text
    first, second = _code(text, NAMES["89990001"]), _code(text, NAMES["89990002"])
    page.context.clear_cookies()

    _activate(page, live_server, "89990001", first)
    expect(page.get_by_text("Akun Anda sudah aktif")).to_be_visible()
    page.get_by_label("Nama pengguna").fill("89990001")
    page.get_by_label("Kata sandi").fill(NEW)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Data diri")).to_be_visible()
    page.goto(live_server + "/jadwal-saya")
    expect(page.get_by_role("heading", name="Jadwal saya")).to_be_visible()
    page.context.clear_cookies()

    _activate(page, live_server, "89990001", first)  # reused
    expect(page.get_by_text("Kode tidak berlaku")).to_be_visible()
    with live_app.app_context():
        past = datetime.now(UTC) - timedelta(minutes=1)
        unused = update(SignInCode).where(SignInCode.used_at.is_(None))
        db.session.execute(unused.values(expires_at=past))
        db.session.commit()
    _activate(page, live_server, "89990002", second)  # expired
    expect(page.get_by_text("sudah kedaluwarsa")).to_be_visible()
