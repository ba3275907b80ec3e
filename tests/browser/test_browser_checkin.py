"""A participant checks in with the typed code from the projector; the trainer's open
sheet shows them present without being reloaded."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.conftest import sign_in_as as _sign_in
from tests.factories import enrol, make_session
from training.auth.models import User
from training.extensions import db
from training.programs.models import Course

pytestmark = pytest.mark.browser


def _session_running_now_for_peserta(app) -> tuple[int, int]:
    """A tier-3 session that began five minutes ago with the demo participant enrolled."""
    with app.app_context():
        person = db.session.scalar(select(User).where(User.username == "peserta")).person
        course = db.session.scalar(select(Course).where(Course.tier == 3).order_by(Course.id))
        session = make_session(
            course,
            person.unit.parent,
            starts_at=datetime.now(UTC) - timedelta(minutes=5),
            title="Kelas Presensi QR",
        )
        enrol(session, person)
        db.session.commit()
        ids = session.id, person.id
        db.session.remove()
    return ids


def _current_code(projector: Page) -> str:
    """The typed code on the projector, waiting for a fresh one when it is about to change."""
    left = int(projector.locator("#countdown").inner_text())
    if left < 8:
        old = projector.locator("#short-code").inner_text()
        expect(projector.locator("#short-code")).not_to_have_text(old, timeout=15_000)
    return projector.locator("#short-code").inner_text().strip()


def test_participant_types_the_projected_code_and_the_trainers_sheet_shows_hadir(
    page: Page, browser, live_server, live_app, sign_in
):
    session_id, person_id = _session_running_now_for_peserta(live_app)
    trainer = browser.new_context()
    try:
        projector = trainer.new_page()
        _sign_in(projector, live_server, "pelatih")
        sheet = trainer.new_page()
        sheet.goto(f"{live_server}/attendance/sessions/{session_id}")
        status = sheet.locator(f"#status-{person_id}")
        expect(status).to_have_value("")
        projector.goto(f"{live_server}/attendance/sessions/{session_id}/projector")

        sign_in("peserta")
        page.goto(live_server + "/attendance/checkin")
        page.get_by_label("Sesi").select_option(str(session_id))
        page.get_by_label("Kode presensi").fill(_current_code(projector))
        page.get_by_role("button", name="Catat kehadiran").click()

        expect(page.locator(".alert-success")).to_contain_text("Presensi tercatat: Hadir")
        expect(status).to_have_value("hadir", timeout=12_000)  # the sheet polls every 5 s
        expect(sheet.locator(f"[data-person='{person_id}'] [data-role=checkin]")).to_contain_text(
            "Kode ketik"
        )
    finally:
        trainer.close()
