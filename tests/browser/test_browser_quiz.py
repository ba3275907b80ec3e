"""Issue 16's browser test: a participant opens the course's materials (required before the
post-test), takes the pre-test, loses the page mid-quiz and reopens it without losing an
answer, submits the post-test after its time limit was reached (the server refuses the late
answer and grades what was saved in time), sees the level change, and the certificate
becomes available: a trainer issues it and it is on the participant's home page."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.conftest import sign_in_as as _sign_in
from tests.drill_factories import mark_present
from tests.factories import enrol, make_session, sign_off_roll_call
from tests.quiz_factories import bank_course, make_quiz
from training.auth.models import User
from training.extensions import db
from training.learning import materials_services
from training.learning.models import QuizAttempt

pytestmark = pytest.mark.browser
COURSE = "Kuis Daring Akun Resmi"


def _course_with_quizzes(app) -> dict:
    """A course of its own (two competency banks, one material module required before the
    post-test) whose session ended yesterday with the demo participant present and the roll
    call signed; its pre-test and post-test."""
    with app.app_context():
        peserta = db.session.scalar(select(User).where(User.username == "peserta")).person
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        course = bank_course(codes=("DARINGA", "DARINGB"), questions=3, title=COURSE)
        session = make_session(
            course,
            peserta.unit.parent,
            starts_at=datetime.now(UTC) - timedelta(days=1),
            title="Kelas Kuis Daring",
        )
        enrol(session, peserta)
        mark_present(session, peserta)
        sign_off_roll_call(session, admin)
        module = materials_services.add_module(course, admin, "Etika menjawab warganet")
        materials_services.add_link(module, admin, "Panduan", "https://humas.polri.go.id/")
        materials_services.set_required(course, admin, True)
        make_quiz(course, "pre", title="Pre-test Kuis Daring", questions_per_competency=3)
        make_quiz(course, "post", title="Post-test Kuis Daring", questions_per_competency=3)
        db.session.commit()
        world = {"session": session.id, "person": peserta.id, "name": peserta.full_name}
        db.session.remove()
    return world


def _answer(page: Page, box, word: str) -> None:
    """Pick the choice starting with ``word`` ("benar"/"salah") and wait until it is saved."""
    box.get_by_label(word, exact=False).first.check()
    expect(box.locator("[data-role=saved]")).to_have_text("Tersimpan")


def _boxes(page: Page):
    return page.locator("fieldset[data-position]")


def _time_is_up(app, page: Page) -> None:
    """The time limit of the attempt on ``page`` is reached: its deadline moved to a second
    ago."""
    attempt_id = int(re.search(r"/quiz/attempts/(\d+)", page.url).group(1))
    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        attempt.deadline_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
        db.session.remove()


def test_a_participant_learns_takes_both_tests_and_the_certificate_follows(
    page: Page, browser, live_server, live_app
):
    w = _course_with_quizzes(live_app)
    context = page.context
    _sign_in(page, live_server, "peserta")

    # materials first: the post-test waits for them
    page.locator("#home-progress").get_by_role("link", name="Materi saya").click()
    page.get_by_role("link", name=COURSE).click()
    page.get_by_role("link", name="Etika menjawab warganet").click()
    page.get_by_role("button", name="Tandai selesai").click()

    # the pre-test, from the home page
    page.goto(live_server + "/")
    page.locator("#home-quiz").get_by_role("link", name="Kerjakan Pre-test Kuis Daring").click()
    page.get_by_role("button", name="Mulai kuis").click()
    expect(page.locator("#quiz-clock")).to_have_text(re.compile(r"^(20:00|19:[0-5][0-9])$"))
    boxes = _boxes(page)
    assert boxes.count() == 6
    _answer(page, boxes.nth(0), "benar")
    _answer(page, boxes.nth(1), "salah")
    _answer(page, boxes.nth(2), "benar")
    page.close()  # the connection is lost mid-quiz

    page = context.new_page()
    page.goto(live_server + "/")
    page.locator("#home-quiz").get_by_role("link", name="Lanjutkan Pre-test Kuis Daring").click()
    boxes = _boxes(page)
    for n, word in enumerate(("benar", "salah", "benar")):
        expect(boxes.nth(n).locator("input:checked")).to_have_count(1)
        label = boxes.nth(n).locator("input:checked + label")
        expect(label).to_have_text(re.compile(f"^{word}"))
    for n in range(3, 6):
        _answer(page, boxes.nth(n), "salah")
    page.get_by_role("button", name="Kumpulkan").click()
    expect(page.locator("#quiz-score")).to_have_text("Nilai: 33,3%")
    expect(page.get_by_text("Pre-test mengukur titik awal Anda")).to_be_visible()

    # the post-test: every answer right in time, one change after the time limit
    page.goto(live_server + "/")
    page.locator("#home-quiz").get_by_role("link", name="Kerjakan Post-test Kuis Daring").click()
    page.get_by_role("button", name="Mulai kuis").click()
    boxes = _boxes(page)
    for n in range(6):
        _answer(page, boxes.nth(n), "benar")
    _time_is_up(live_app, page)
    boxes.nth(0).get_by_label("salah", exact=False).first.check()
    expect(page.locator("#quiz-status")).to_contain_text("Waktu habis")
    expect(page.locator("#quiz-clock")).to_have_text("0:00")
    page.get_by_role("button", name="Kumpulkan").click()

    expect(page.locator("#quiz-score")).to_have_text("Nilai: 100%")
    levels = page.locator("#quiz-levels")
    expect(levels).to_contain_text("DARINGA")
    expect(levels.get_by_text("5 Istimewa")).to_have_count(2)
    page.locator("#main").get_by_role("link", name="Nilai saya").click()
    row = page.locator("tr", has_text=COURSE)
    expect(row).to_contain_text("Lulus")

    # the certificate: the trainer finds them eligible and issues it
    trainer = browser.new_context()
    try:
        staff = trainer.new_page()
        _sign_in(staff, live_server, "pelatih")
        staff.goto(f"{live_server}/certificates/sessions/{w['session']}/issue")
        expect(staff.get_by_text(w["name"])).to_be_visible()
        staff.locator("#issue-confirm input[type=checkbox]").check()
        staff.get_by_role("button", name="Terbitkan sertifikat untuk semua (1)").click()
    finally:
        trainer.close()
    page.goto(live_server + "/")
    expect(page.locator("#home-mycerts")).to_contain_text(COURSE)
