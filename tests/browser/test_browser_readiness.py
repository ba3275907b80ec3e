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
    polres = page.locator("#units-table tbody tr").first.get_by_role("link")
    polres_name = polres.inner_text()
    polres.click()
    expect(_heading(page, f"Kesiapan: {polres_name}")).to_be_visible()

    polsek = page.locator("#units-table tbody tr").first.get_by_role("link")
    polsek_name = polsek.inner_text()
    polsek.click()
    expect(_heading(page, f"Kesiapan: {polsek_name}")).to_be_visible()
    crumbs = page.get_by_role("navigation", name="Jejak satuan")
    expect(crumbs).to_contain_text("Polda Jawa Timur")
    expect(page.locator("#gaps tbody tr").first).to_be_visible()  # people in the gap list
    expect(page.locator("#own-people")).to_contain_text("Kapolsek")

    # This region's kapolsek have no tier-3 session yet; the Polres's failed people can
    # join the next tier-2 session of the Polda: back up one level and enrol one of them.
    crumbs.get_by_role("link", name=polres_name).click()
    page.get_by_label("Jenis").select_option("failed")
    page.get_by_role("button", name="Saring").click()
    row = page.locator("#gaps tbody tr").filter(has=page.get_by_role("button", name="Daftarkan"))
    row = row.first
    full_name = row.get_attribute("data-person")
    session_href = row.locator("td").nth(4).get_by_role("link").get_attribute("href")
    row.get_by_role("button", name="Daftarkan").click()

    expect(page.locator(".alert-success")).to_contain_text(f"{full_name} didaftarkan ke")
    expect(page.get_by_label("Jenis")).to_have_value("failed")  # back on the filtered list

    page.goto(f"{live_server}{session_href}/peserta")
    expect(page.get_by_text(full_name).first).to_be_visible()
