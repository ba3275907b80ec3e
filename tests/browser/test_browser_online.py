"""A participant completes an online refresher (no session): from the home page they open
the refresher, mark the course's module done and pass its post-test; the grading records
the completion, which counts as the course's attendance, so a trainer finds them eligible
from the refresher's page, issues the certificate, and the participant sees it."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.conftest import sign_in_as as _sign_in
from tests.quiz_factories import bank_course, make_quiz
from training.auth.models import User
from training.extensions import db
from training.learning import materials_services, online
from training.learning.online_models import OnlineEnrolment

pytestmark = pytest.mark.browser
COURSE = "Penyegaran Daring Akun Resmi"
REFRESHER = "Penyegaran daring Desember"


def _refresher(app) -> dict:
    """A course of its own (two competency banks, one module) offered online to the demo
    participant's Polres from yesterday for ten days, the participant enrolled; its
    post-test."""
    with app.app_context():
        peserta = db.session.scalar(select(User).where(User.username == "peserta")).person
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        course = bank_course(codes=("SEGARA", "SEGARB"), questions=2, title=COURSE)
        today = datetime.now(UTC).date()
        offering = online.create_offering(
            course,
            peserta.unit.parent,
            REFRESHER,
            today - timedelta(days=1),
            today + timedelta(days=10),
            actor=admin,
        )
        db.session.add(
            OnlineEnrolment(
                offering_id=offering.id, person_id=peserta.id, enrolled_at=datetime.now(UTC)
            )
        )
        materials_services.add_module(course, admin, "Membalas aduan warganet")
        make_quiz(course, "post", title="Post-test Penyegaran", questions_per_competency=2)
        db.session.commit()
        world = {"offering": offering.id, "name": peserta.full_name}
        db.session.remove()
    return world


def test_a_participant_completes_an_online_refresher_and_gets_the_certificate(
    page: Page, browser, live_server, live_app
):
    w = _refresher(live_app)
    _sign_in(page, live_server, "peserta")

    page.locator("#home-online").get_by_role("link", name=REFRESHER).click()
    page.locator("#online-steps").get_by_role("link", name="belum selesai").click()
    page.get_by_role("link", name="Membalas aduan warganet").click()
    page.get_by_role("button", name="Tandai selesai").click()

    page.goto(live_server + "/")
    page.locator("#home-quiz").get_by_role("link", name="Kerjakan Post-test Penyegaran").click()
    page.get_by_role("button", name="Mulai kuis").click()
    boxes = page.locator("fieldset[data-position]")
    expect(boxes).to_have_count(4)
    for n in range(4):
        boxes.nth(n).get_by_label("benar", exact=False).first.check()
        expect(boxes.nth(n).locator("[data-role=saved]")).to_have_text("Tersimpan")
    page.get_by_role("button", name="Kumpulkan").click()
    expect(page.locator("#quiz-score")).to_have_text("Nilai: 100%")

    page.goto(f"{live_server}/online/{w['offering']}")
    expect(page.locator("#online-done")).to_contain_text("Selesai.")

    trainer = browser.new_context()
    try:
        staff = trainer.new_page()
        _sign_in(staff, live_server, "pelatih")
        staff.goto(f"{live_server}/online/{w['offering']}")
        staff.locator("#online-certificates").click()
        expect(staff.get_by_text(w["name"]).first).to_be_visible()
        staff.locator("#issue-all-confirm").check()
        staff.get_by_role("button", name="Terbitkan sertifikat untuk semua (1)").click()
        expect(staff.get_by_text("1 sertifikat diterbitkan.")).to_be_visible()
    finally:
        trainer.close()

    page.goto(live_server + "/")
    expect(page.locator("#home-mycerts")).to_contain_text(COURSE)
