"""A commander books a person from the gap list into a series: the booking shows in every
remaining meeting of the series, and in the person's schedule as one booking."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from training.extensions import db
from training.sessions.models import TrainingSession

pytestmark = pytest.mark.browser


def _meetings(live_app, session_id):
    """Ids of the remaining meetings of the series of ``session_id``, soonest first."""
    with live_app.app_context():
        first = db.session.get(TrainingSession, session_id)
        ids = db.session.scalars(
            select(TrainingSession.id)
            .where(
                TrainingSession.series_id == first.series_id,
                TrainingSession.starts_at >= first.starts_at,
                TrainingSession.status == "scheduled",
            )
            .order_by(TrainingSession.starts_at)
        ).all()
        db.session.remove()
    return ids


def test_commander_books_a_gap_into_the_series_and_sees_it_in_every_meeting(
    page, live_server, live_app, sign_in
):
    sign_in("kapolda")
    page.goto(live_server + "/readiness/")
    page.get_by_label("Cari nama atau kode satuan").fill("Blitar Kota")
    page.get_by_role("search", name="Saring satuan").get_by_role("button", name="Terapkan").click()
    page.locator("#units-table tbody").get_by_role("link", name="Polres Blitar Kota").click()
    page.locator("#units-table tbody").get_by_role("link", name="Polsek Nglegok").click()
    expect(page.get_by_role("heading", level=1, name="Kesiapan: Polsek Nglegok")).to_be_visible()

    row = page.locator("#gaps tbody tr").filter(has=page.get_by_role("button", name="Daftarkan"))
    row = row.last  # the first one may be booked by the readiness walk in the same server
    full_name = row.get_attribute("data-person")
    href = row.locator("td").nth(4).get_by_role("link").get_attribute("href")
    session_id = int(re.search(r"/sessions/(\d+)", href).group(1))
    meetings = _meetings(live_app, session_id)
    assert len(meetings) > 1, "the demo's kapolsek series has several meetings"
    row.get_by_role("button", name="Daftarkan").click()

    alert = page.locator(".alert-success")
    expect(alert).to_contain_text(f"{full_name} didaftarkan ke seri")
    expect(alert).to_contain_text(f"({len(meetings)} pertemuan)")
    page.screenshot(path="/tmp/booking-gap-list.png", full_page=True)
    for meeting in meetings:
        page.goto(f"{live_server}/sessions/{meeting}/peserta")
        expect(page.locator("h1")).to_contain_text("Peserta sesi")
        expect(page.get_by_text("Sesi ini bagian dari seri")).to_be_visible()
        expect(page.get_by_role("cell", name=full_name, exact=False).first).to_be_visible()
    page.screenshot(path="/tmp/booking-last-meeting.png", full_page=True)
