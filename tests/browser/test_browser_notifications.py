"""A participant hears of their booking from the bell and follows it to their schedule."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.factories import make_session
from training.auth.models import User
from training.enrolment.services import enrol_person
from training.extensions import db
from training.programs.models import Course

pytestmark = pytest.mark.browser


def _book_peserta(app) -> str:
    """The admin books the demo participant into a session next week (through the service,
    so the notification is written as in the app)."""
    with app.app_context():
        person = db.session.scalar(select(User).where(User.username == "peserta")).person
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        course = db.session.scalar(select(Course).where(Course.tier == 3).order_by(Course.id))
        session = make_session(
            course,
            person.unit.parent,
            starts_at=datetime.now(UTC).replace(microsecond=0) + timedelta(days=7),
            title="Kelas Pemberitahuan",
            venue="Aula Notifikasi",
        )
        enrol_person(session, person, actor=admin)
        db.session.commit()
        db.session.remove()
    return "Kelas Pemberitahuan"


def test_participant_opens_the_booking_notice_from_the_bell(
    page: Page, live_server, live_app, sign_in, tmp_path
):
    title = _book_peserta(live_app)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in("peserta")

    bell = page.locator("#nav-bell")
    expect(bell.get_by_test_id("unread-count")).to_have_text("1")
    bell.click()
    expect(page.get_by_role("heading", name="Pemberitahuan")).to_be_visible()
    item = page.locator(".list-group-item").filter(has_text=title)
    expect(item).to_contain_text("Aula Notifikasi")
    page.screenshot(path=str(tmp_path / "notifications.png"), full_page=True)
    item.get_by_role("button", name="Buka").click()

    expect(page).to_have_url(live_server + "/jadwal-saya")
    expect(page.get_by_text(title).first).to_be_visible()
    expect(page.locator("#nav-bell").get_by_test_id("unread-count")).to_have_count(0)
    assert [e for e in errors if "Content Security Policy" in e] == []
