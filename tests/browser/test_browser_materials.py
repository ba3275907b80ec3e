"""On a phone (390 px), a participant reaches a course's materials by links from the menu,
opens a module (recorded as opened), opens its PDF and marks the module done."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from tests.factories import enrol, make_course, make_session
from tests.materials_factories import pdf_bytes
from training.auth.models import User
from training.extensions import db
from training.learning import materials_services as services
from training.learning.materials_models import MaterialProgress

pytestmark = pytest.mark.browser


def _course_with_materials_for_peserta(app) -> tuple[int, int]:
    """A course of its own with two modules (the first holds a PDF), the demo participant
    enrolled in one of its sessions; returns (module id, person id)."""
    with app.app_context():
        person = db.session.scalar(select(User).where(User.username == "peserta")).person
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        course = make_course(tier=3, title="Menjawab Aduan di Akun Resmi")
        enrol(make_session(course, person.unit.parent, title="Kelas Materi"), person)
        module = services.add_module(course, admin, "Etika menjawab warganet")
        services.add_file(
            module, admin, "Panduan jawaban", "panduan.pdf", io.BytesIO(pdf_bytes("Panduan"))
        )
        services.add_module(course, admin, "Isu negatif")
        db.session.commit()
        ids = module.id, person.id
        db.session.remove()
    return ids


def _severe_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page."""
    results = Axe().run(page)
    return [
        f"{v['id']}: {node['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def _progress(app, module_id, person_id):
    with app.app_context():
        row = db.session.scalar(
            select(MaterialProgress).where(
                MaterialProgress.module_id == module_id, MaterialProgress.person_id == person_id
            )
        )
        found = None if row is None else (row.opened_at is not None, row.done_at is not None)
        db.session.remove()
    return found


def test_participant_opens_a_module_and_marks_it_done_on_a_phone(
    page, live_server, live_app, sign_in
):
    module_id, person_id = _course_with_materials_for_peserta(live_app)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("peserta")

    # from the home page's progress block (the menu has the same link)
    page.locator("#home-progress").get_by_role("link", name="Materi saya").click()
    expect(page.get_by_role("heading", level=1, name="Materi saya")).to_be_visible()
    page.get_by_role("link", name="Menjawab Aduan di Akun Resmi").click()
    expect(page.locator(f"#state-{module_id}")).to_have_text("Belum dibuka")
    assert _severe_violations(page) == []
    page.get_by_role("link", name="Etika menjawab warganet").click()

    expect(page.locator("#module-state")).to_have_text("Dibuka")
    assert _progress(live_app, module_id, person_id) == (True, False)
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Panduan jawaban").click()
    pdf_tab = opened.value
    assert pdf_tab.url.endswith("/file")
    pdf_tab.close()
    page.get_by_role("button", name="Tandai selesai").click()

    expect(page.locator(".alert-success")).to_contain_text("ditandai selesai")
    expect(page.locator("#module-state")).to_have_text("Selesai")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _severe_violations(page) == []
    page.screenshot(path="/tmp/materials-module-390.png", full_page=True)
    assert _progress(live_app, module_id, person_id) == (True, True)
    page.get_by_role("link", name="Kembali ke daftar modul").click()
    expect(page.locator(f"#state-{module_id}")).to_have_text("Selesai")
    page.goto(live_server + "/materials/")
    expect(page.get_by_text("1 dari 2 modul selesai")).to_be_visible()
    assert _severe_violations(page) == []


def test_trainer_adds_a_module_uploads_a_pdf_and_reads_the_progress(
    page, live_server, live_app, sign_in, tmp_path
):
    module_id, _person_id = _course_with_materials_for_peserta(live_app)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("pelatih")
    page.goto(f"{live_server}/materials/modules/{module_id}")
    page.get_by_role("link", name="Kembali ke daftar modul").click()
    page.get_by_role("link", name="Tambah modul").click()
    page.get_by_label("Judul modul").fill("Studi kasus aduan")
    page.get_by_role("button", name="Simpan modul").click()
    expect(page.locator(".alert-success")).to_contain_text("Studi kasus aduan ditambahkan")

    fake = tmp_path / "kasus.pdf"
    fake.write_bytes(b"<html>bukan pdf</html>")
    page.get_by_label("Judul berkas (tidak wajib)").fill("Kasus 1")
    page.get_by_label("Berkas (PDF").set_input_files(str(fake))
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.locator(".invalid-feedback")).to_contain_text("isinya bukan PDF")
    expect(page.get_by_label("Judul berkas (tidak wajib)")).to_have_value("Kasus 1")
    real = tmp_path / "kasus-asli.pdf"
    real.write_bytes(pdf_bytes("Kasus aduan warga"))
    page.get_by_label("Berkas (PDF").set_input_files(str(real))
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("kasus-asli.pdf diunggah")
    expect(page.locator("#items")).to_contain_text("Kasus 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/materials-edit-390.png", full_page=True)

    page.get_by_role("link", name="Lihat seperti peserta").click()
    page.get_by_role("link", name="Kembali ke daftar modul").click()
    page.get_by_role("link", name="Kemajuan peserta").click()
    expect(page.locator("#progress")).to_contain_text("Studi kasus aduan")
    assert _severe_violations(page) == []
    page.screenshot(path="/tmp/materials-progress-390.png", full_page=True)
