"""A trainer cancels a coming session with a reason, through the confirmation box (no
script), and the session then shows the Dibatalkan badge and no longer offers to cancel."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_trainer_cancels_a_session_with_a_reason_through_the_confirmation(
    page: Page, live_server, sign_in, tmp_path
):
    sign_in("pelatih")
    page.goto(live_server + "/sessions/?status=scheduled")
    page.locator("table tbody tr a").first.click()
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
