"""Home pages in Chromium, per demo role, on a laptop (1366 px) and a phone (390 px):
the role's sections and blocks are there, nothing overflows sideways, and a block's link
leads to its full page. Screenshots go to HOME_SHOTS (a directory) when it is set."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)
#: role -> (section headings, block ids, (link text, heading of the page it opens))
ROLES = {
    "pelatih": (
        ["Sesi yang saya kelola"],
        ["home-sessions", "home-rollcalls", "home-grids", "home-certificates", "home-drafts"],
        ("Semua sesi", "Sesi pelatihan"),
    ),
    "kapolda": (
        ["Jajaran saya: Polda Jawa Timur", "Pelatihan saya"],
        ["home-status", "home-gaps", "home-reports", "home-warnings", "home-expiring"],
        ("Buka daftar kesenjangan", "Daftar kesenjangan"),
    ),
    "kapolres": (
        ["Jajaran saya: Polres Blitar Kota", "Pelatihan saya"],
        ["home-status", "home-gaps", "home-next", "home-progress", "home-mycerts"],
        ("Buka dasbor kesiapan", "Kesiapan: Polres Blitar Kota"),
    ),
    "peserta": (
        ["Pelatihan saya"],
        ["home-next", "home-progress", "home-mycerts", "home-feed", "home-person"],
        ("Jadwal saya", "Jadwal saya"),
    ),
    "admin": (
        ["Administrasi"],
        ["home-jobs", "home-outbox", "home-locked", "home-health"],
        ("Kotak keluar", "Kotak keluar email"),
    ),
}


def _shot(page: Page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("HOME_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"home-{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_lands_on_its_home_page(page: Page, live_server, sign_in, tmp_path, role, width):
    headings, blocks, (link, target) = ROLES[role]
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(role)

    expect(page).to_have_url(live_server + "/")
    for heading in headings:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    for block in blocks:
        expect(page.locator(f"#{block}")).to_be_visible()
        expect(page.locator(f"#{block} .card-footer a")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _shot(page, tmp_path, f"{role}-{width}")

    page.locator("main").get_by_role("link", name=link, exact=True).first.click()
    expect(page.get_by_role("heading", name=target).first).to_be_visible()
