"""The kapolda opens the readiness dashboard, drills down Polda -> Polres -> Polsek, sees
people in the gap list and enrols one into the next open session of their tier."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _heading(page, text):
    return page.get_by_role("heading", level=1, name=text)


def test_kapolda_drills_down_to_a_polsek_and_enrols_a_person_from_the_gap_list(
    page, live_server, sign_in
):
    sign_in("kapolda")
    page.goto(live_server + "/readiness/")
    expect(_heading(page, "Kesiapan: Polda Jawa Timur")).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()

    # Polres with the most people who failed first: click the column header twice.
    header = page.locator("#units-table thead").get_by_role("link", name="Tidak lulus")
    header.click()
    page.locator("#units-table thead").get_by_role("link", name="Tidak lulus").click()
    expect(page).to_have_url(re.compile(r"sort=failed&dir=desc"))

    # Find Polres Blitar Kota, whose kapolsek series next week still has places.
    page.get_by_label("Cari nama atau kode satuan").fill("Blitar Kota")
    page.get_by_role("search", name="Saring satuan").get_by_role("button", name="Terapkan").click()
    page.locator("#units-table tbody").get_by_role("link", name="Polres Blitar Kota").click()
    expect(_heading(page, "Kesiapan: Polres Blitar Kota")).to_be_visible()

    page.locator("#units-table tbody").get_by_role("link", name="Polsek Nglegok").click()
    expect(_heading(page, "Kesiapan: Polsek Nglegok")).to_be_visible()
    crumbs = page.get_by_role("navigation", name="Jejak satuan")
    expect(crumbs).to_contain_text("Polda Jawa Timur")
    expect(crumbs).to_contain_text("Polres Blitar Kota")
    expect(page.locator("#own-people")).to_contain_text("Kapolsek")

    # An operator not booked yet, next to the series' next session: enrol them.
    row = page.locator("#gaps tbody tr").filter(has=page.get_by_role("button", name="Daftarkan"))
    row = row.first
    full_name = row.get_attribute("data-person")
    session_href = row.locator("td").nth(4).get_by_role("link").get_attribute("href")
    row.get_by_role("button", name="Daftarkan").click()

    expect(page.locator(".alert-success")).to_contain_text(f"{full_name} didaftarkan ke")
    expect(_heading(page, "Kesiapan: Polsek Nglegok")).to_be_visible()  # back on the Polsek
    expect(page.locator("#gaps tbody tr").filter(has_text=full_name)).to_contain_text("Terdaftar")

    page.goto(f"{live_server}{session_href}/peserta")
    expect(page.get_by_text(full_name).first).to_be_visible()
