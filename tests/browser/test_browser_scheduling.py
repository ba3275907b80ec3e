"""A trainer creates a weekly Tuesday/Thursday series and finds it in the calendar."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _tuesday_in_eight_weeks() -> date:
    today = date.today()
    return today + timedelta(days=(1 - today.weekday()) % 7 + 56)


def test_trainer_creates_a_tuesday_thursday_series_and_sees_eight_sessions(
    page: Page, live_server, sign_in
):
    first = _tuesday_in_eight_weeks()
    sign_in("pelatih")
    page.goto(live_server + "/sessions/new")

    course = page.get_by_label("Kursus (tingkat)")
    tier1 = course.locator("option", has_text="Tingkat 1").first.get_attribute("value")
    with page.expect_navigation():  # the trainer picker reloads for the chosen course
        course.select_option(tier1)
    page.get_by_label("Kode satuan sasaran").fill("31")
    with page.expect_navigation():  # ... and for the audience
        page.get_by_label("Kode satuan sasaran").press("Tab")
    page.get_by_label("Judul sesi (boleh kosong)").fill("Kelas Maluku")
    page.get_by_label("Tanggal", exact=True).fill(first.isoformat())
    page.get_by_label("Jam mulai").fill("10:00")
    page.get_by_label("Jam selesai").fill("12:00")
    page.get_by_label("Kode satuan tempat").fill("31")  # Polda Maluku, WIT
    page.get_by_label("Ulangi").select_option("weekly")
    page.get_by_label("Selasa").check()
    page.get_by_label("Kamis").check()
    page.get_by_label("Jumlah pertemuan").fill("8")
    page.get_by_role("button", name="Simpan").click()

    expect(page.locator(".alert-success")).to_be_visible()
    times = []
    for start in (first, first + timedelta(days=14)):
        page.goto(f"{live_server}/calendar/agenda?date={start.isoformat()}&unit=31")
        entries = page.locator("li", has_text="Kelas Maluku")
        times += entries.all_inner_texts()
    assert len(times) == 8
    # the trainer reads WIB (Mabes); the venue's own time is shown beside it
    assert all("08.00–10.00 WIB (10.00–12.00 WIT)" in text for text in times)
    days = page.locator("section[data-day]").evaluate_all("els => els.map(e => e.dataset.day)")
    expected = [first + timedelta(days=14 + d) for d in (0, 2, 7, 9)]
    assert days == [d.isoformat() for d in expected]
