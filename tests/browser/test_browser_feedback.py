"""On a phone (390 px), a participant finds the feedback block on their home page, answers
the survey of a session they attended (a required answer forgotten first, what they typed
kept), and the block is gone; one anonymous response and one receipt are stored."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.factories import make_course, make_person, make_session
from tests.feedback_factories import answer_all, mark
from training.auth.models import User
from training.extensions import db
from training.learning.feedback_models import FeedbackAnswer, FeedbackReceipt, FeedbackResponse

pytestmark = pytest.mark.browser

TITLE = "Kelas Umpan Balik Humas"


def _attended_session(app) -> tuple[int, int]:
    """A session that ended yesterday in which the demo participant was marked present."""
    with app.app_context():
        person = db.session.scalar(select(User).where(User.username == "peserta")).person
        course = make_course(tier=3, title="Mengelola Akun Resmi Polsek")
        end = datetime.now(UTC) - timedelta(days=1)
        session = make_session(
            course, person.unit.parent, title=TITLE, starts_at=end - timedelta(hours=2)
        )
        mark(session, person)
        db.session.commit()
        ids = session.id, person.id
        db.session.remove()
    return ids


def _stored(app, session_id, person_id):
    with app.app_context():
        responses = db.session.scalar(
            select(func.count()).where(FeedbackResponse.session_id == session_id)
        )
        receipt = db.session.get(FeedbackReceipt, (session_id, person_id)) is not None
        texts = db.session.scalars(
            select(FeedbackAnswer.text)
            .join(FeedbackResponse)
            .where(FeedbackResponse.session_id == session_id, FeedbackAnswer.text.is_not(None))
        ).all()
        db.session.remove()
    return responses, receipt, texts


def _severe_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {node['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _choose(page, statement: str, answer: str) -> None:
    page.get_by_role("group", name=re.compile(statement)).get_by_label(answer).check()


def test_participant_answers_the_feedback_from_home_on_a_phone(
    page, live_server, live_app, sign_in
):
    session_id, person_id = _attended_session(live_app)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("peserta")

    block = page.locator("#home-feedback")
    expect(block.get_by_role("heading", name=re.compile("Isi umpan balik"))).to_be_visible()
    assert _fits(page)
    block.get_by_role("link", name=f"Isi umpan balik: {TITLE}").click()
    expect(page.get_by_role("heading", level=1, name="Umpan balik sesi")).to_be_visible()
    assert _fits(page)
    assert _severe_violations(page) == []

    _choose(page, "Materi pelatihan relevan", "5 – Sangat setuju")
    _choose(page, "Pelatih menyampaikan", "4 – Setuju")
    _choose(page, "Waktu pelatihan cukup", "3 – Ragu-ragu")
    page.get_by_label(re.compile("Saran untuk perbaikan")).fill("Tambah contoh unggahan")
    page.get_by_role("button", name="Kirim umpan balik").click()

    # the fourth statement was forgotten: the message, and nothing typed is lost
    expect(page.get_by_text("Pilih salah satu jawaban.")).to_be_visible()
    expect(page.get_by_label(re.compile("Saran untuk perbaikan"))).to_have_value(
        "Tambah contoh unggahan"
    )
    expect(page.get_by_label("5 – Sangat setuju").first).to_be_checked()
    assert _stored(live_app, session_id, person_id) == (0, False, [])

    _choose(page, "menerapkan materi", "5 – Sangat setuju")
    page.get_by_role("button", name="Kirim umpan balik").click()

    expect(page.get_by_text("umpan balik Anda tersimpan tanpa nama")).to_be_visible()
    expect(page.get_by_role("link", name=f"Isi umpan balik: {TITLE}")).to_have_count(0)
    assert _fits(page)
    assert _stored(live_app, session_id, person_id) == (1, True, ["Tambah contoh unggahan"])


def test_an_admin_reads_the_results_on_a_phone(page, live_server, live_app, sign_in):
    with live_app.app_context():
        peserta = db.session.scalar(select(User).where(User.username == "peserta")).person
        course = make_course(tier=3, title="Kursus Hasil Umpan Balik")
        end = datetime.now(UTC) - timedelta(days=2)
        session = make_session(course, peserta.unit.parent, starts_at=end - timedelta(hours=2))
        people = [make_person(peserta.unit, full_name=f"Responden Uji {i}") for i in range(5)]
        answer_all(session, people, [5, 4, 4, 4, 4], texts=["Perbanyak studi kasus"], now=end)
        db.session.commit()
        session_id = session.id
        db.session.remove()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("admin")

    page.goto(f"{live_server}/feedback/sessions/{session_id}/results")
    expect(page.locator(".fb-mean").first).to_have_text("4,20")
    expect(page.get_by_text("Perbanyak studi kasus")).to_be_visible()
    expect(page.get_by_text("Responden Uji 0")).to_have_count(0)
    assert _fits(page)
    assert _severe_violations(page) == []
