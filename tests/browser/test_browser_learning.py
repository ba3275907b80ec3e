"""Question bank in a real browser: the national trainer reaches a competency's bank from the
assessment pages, imports a hand-written Moodle GIFT file (preview first), adds a question
through the form on a phone-sized screen, and the pages have no serious accessibility
violation nor a sideways scroll at 390 px."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

GIFT = Path(__file__).resolve().parent.parent / "data" / "bank_moodle.gift"
_axe = Axe()


def severe(page: Page) -> list[str]:
    results = _axe.run(page)
    return [
        f"{v['id']}: {node['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_trainer_imports_a_gift_file_and_adds_a_question_on_a_phone(
    page: Page, live_server, sign_in
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("pelatih")
    page.goto(live_server + "/assessments/")
    page.get_by_role("link", name="Bank soal").first.click()
    page.get_by_role("link", name="HUKUM").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bank soal")
    problems = {"bank": severe(page)}

    page.get_by_role("link", name="Impor").click()
    page.get_by_label("Format berkas").select_option("gift")
    page.get_by_label("Berkas bank soal (.gift atau .txt)").set_input_files(str(GIFT))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.locator("#import-counts")).to_have_text("8 soal baru, 0 sudah ada (dilewati).")
    problems["preview"] = severe(page)
    assert fits(page)
    page.get_by_role("button", name="Simpan impor").click()
    expect(page.get_by_text("Impor selesai: 8 soal ditambahkan, 0 sudah ada.")).to_be_visible()
    expect(page.locator("#question-1, article").first).to_be_visible()

    page.get_by_role("link", name="Tambah soal").click()
    page.get_by_label("Jenis soal").select_option("truefalse")
    page.get_by_label("Teks soal").fill("Sandi akun resmi boleh dibagikan lewat grup.")
    answers = page.get_by_label("Jawaban", exact=True)
    answers.nth(0).fill("Benar")
    answers.nth(1).fill("Salah")
    page.get_by_label("Nilai (%)").nth(1).fill("100")
    problems["form"] = severe(page)
    assert fits(page)
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_text("Soal ditambahkan ke bank HUKUM.")).to_be_visible()
    expect(page.get_by_text("Sandi akun resmi boleh dibagikan lewat grup.")).to_be_visible()
    assert fits(page)
    assert problems == {"bank": [], "preview": [], "form": []}
