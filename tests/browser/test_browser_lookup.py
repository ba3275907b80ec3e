"""Pickers: a kapolres finds a Polsek by typing part of its name, with the keyboard, and the
list offers only units of their command."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_kapolres_picks_a_polsek_by_name_with_the_keyboard(page: Page, live_server, sign_in):
    sign_in("kapolres")  # Polres Blitar Kota (15.16)
    page.goto(live_server + "/people/")
    field = page.get_by_role("combobox", name="Kode satuan")

    field.press_sequentially("nglegok", delay=30)
    options = page.get_by_role("listbox", name="Pilihan satuan").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Polsek Nglegok (15.16.02)")
    expect(field).to_have_attribute("aria-expanded", "true")
    field.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    field.press("Enter")

    expect(field).to_have_value("15.16.02")
    expect(field).to_have_attribute("aria-expanded", "false")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("tbody tr").first).to_contain_text("Polsek Nglegok")


def test_the_picker_offers_nothing_outside_the_command(page: Page, live_server, sign_in):
    sign_in("kapolres")
    page.goto(live_server + "/people/")
    field = page.get_by_role("combobox", name="Kode satuan")

    field.press_sequentially("Polda Maluku", delay=30)

    expect(page.get_by_text("Tidak ada yang cocok di wilayah Anda").first).to_be_visible()
    suggestions = page.get_by_role("listbox", name="Pilihan satuan")
    expect(suggestions.get_by_role("option")).to_have_count(0)


def test_what_was_typed_before_the_script_ran_is_offered_when_it_runs(
    page: Page, live_server, sign_in
):
    sign_in("kapolres")
    held = []
    page.route("**/js/lookup.js", lambda route: held.append(route))  # still loading
    page.goto(live_server + "/people/", wait_until="commit")
    page.locator("#unit").press_sequentially("nglegok", delay=30)
    expect(page.locator("#unit")).not_to_have_attribute("role", "combobox")

    held[0].continue_()

    options = page.get_by_role("listbox", name="Pilihan satuan").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Polsek Nglegok (15.16.02)")


def test_the_calendar_filter_picks_a_unit_by_name(page: Page, live_server, sign_in):
    sign_in("kapolres")
    page.goto(live_server + "/calendar/agenda")
    field = page.get_by_role("combobox", name="Kode satuan")

    field.press_sequentially("nglegok", delay=30)
    page.get_by_role("option", name=re.compile("Polsek Nglegok")).click()
    page.get_by_role("button", name="Saring").click()

    expect(page).to_have_url(re.compile(r"unit=15\.16\.02"))
    expect(page.get_by_role("combobox", name="Kode satuan")).to_have_value("15.16.02")
    expect(page.locator(".invalid-feedback")).to_have_count(0)
