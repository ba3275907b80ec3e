"""A trainer cancels a coming session with a reason, through the confirmation box (no
script), and the session then shows the Dibatalkan badge and no longer offers to cancel."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.factories import make_session
from training.extensions import db
from training.programs.models import Course
from training.units.models import Unit

pytestmark = pytest.mark.browser


def _coming_session(app) -> str:
    """A session of its own (other browser tests keep the demo's sessions)."""
    with app.app_context():
        course = db.session.scalar(select(Course).order_by(Course.id))
        unit = db.session.scalar(select(Unit).where(Unit.code == "15"))
        starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=20)
        session = make_session(course, unit, audience_unit=unit, starts_at=starts)
        session.title = title = "Kelas Yang Dibatalkan"
        db.session.commit()
        db.session.remove()
    return title


def test_trainer_cancels_a_session_with_a_reason_through_the_confirmation(
    page: Page, live_server, live_app, sign_in, tmp_path
):
    title = _coming_session(live_app)
    sign_in("pelatih")
    page.goto(live_server + "/sessions/?status=scheduled&unit=15")
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1 [data-stage]")).to_have_text("Terjadwal")

    page.get_by_text("Batalkan sesi…").click()  # opens the <details> box
    page.get_by_label("Alasan pembatalan").fill("Ruang rapat dipakai apel siaga")
    page.get_by_role("button", name="Batalkan sesi").click()
    # not yet confirmed: the browser keeps the form (required box), nothing is sent
    expect(page.locator("h1 [data-stage]")).to_have_text("Terjadwal")
    page.get_by_label("Saya yakin: pembatalan tidak dapat diurungkan.").check()
    page.screenshot(path=str(tmp_path / "cancel-confirmation.png"), full_page=True)
    page.get_by_role("button", name="Batalkan sesi").click()

    expect(page.locator(".alert-success")).to_contain_text("pertemuan dibatalkan")
    expect(page.locator("h1 [data-stage]")).to_have_text("Dibatalkan")
    expect(page.get_by_text("Batalkan sesi…")).to_have_count(0)
    expect(page.get_by_role("link", name="Ubah", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Layar QR presensi")).to_have_count(0)
