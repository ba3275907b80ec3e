"""A participant downloads their certificate; a visitor verifies it by typing its code."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_participant_downloads_certificate_and_visitor_verifies_the_typed_code(
    page, browser, live_server, sign_in
):
    sign_in("kapolres")
    page.goto(live_server + "/certificates/")
    page.get_by_role("link", name="Sertifikat saya").click()
    expect(page.get_by_role("heading", name="Sertifikat saya")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh PDF").first.click()
    download = info.value
    assert download.suggested_filename.startswith("sertifikat-SERT-")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.locator("table a[href^='/certificates/']:visible").first.click()
    code = page.locator("#verify-code").inner_text()
    assert len(code) == 19  # XXXX-XXXX-XXXX-XXXX

    visitor = browser.new_context()
    try:
        public = visitor.new_page()
        public.goto(live_server + "/verify")
        public.get_by_label("Kode verifikasi").fill(code.lower())
        public.get_by_role("button", name="Periksa").click()
        expect(public.locator("#verify-status")).to_contain_text("Berlaku")
        expect(public.locator("#verify-status")).to_have_attribute("data-status", "valid")
    finally:
        visitor.close()
