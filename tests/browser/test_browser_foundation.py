"""Each demo account logs in in Indonesian; scope is enforced; English can be chosen."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

HOME_MARKERS = {
    "admin": "Administrasi",
    "pelatih": "Sesi yang saya kelola",
    "kapolda": "Jajaran saya",
    "kapolres": "Jajaran saya",
    "kapolsek": "Jajaran saya",
    "peserta": "Data diri",
}


@pytest.mark.parametrize("username", list(HOME_MARKERS))
def test_demo_account_lands_on_home_page_in_indonesian(page: Page, live_server, sign_in, username):
    sign_in(username)

    expect(page).to_have_url(live_server + "/")
    expect(page.locator("h1")).to_contain_text("Selamat datang")
    expect(page.get_by_role("heading", name=HOME_MARKERS[username])).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "id"


def test_commander_gets_404_for_a_unit_outside_their_command(page: Page, live_server, sign_in):
    sign_in("kapolres")

    response = page.goto(live_server + "/units/27")  # Polda Sulawesi Selatan

    assert response.status == 404
    expect(page.locator("h1")).to_contain_text("Tidak ditemukan")


def test_commander_opens_a_unit_inside_their_command(page: Page, live_server, sign_in):
    sign_in("kapolres")

    response = page.goto(live_server + "/units/15.16.01")

    assert response.status == 200
    expect(page.locator("h1")).to_contain_text("Polsek Sanan Kulon")


def test_switching_to_english_translates_and_is_remembered(page: Page, live_server, sign_in):
    sign_in("peserta")

    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ganti").click()

    expect(page.locator("h1")).to_contain_text("Welcome")
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="Personal details")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Language").select_option("id")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("h1")).to_contain_text("Selamat datang")
