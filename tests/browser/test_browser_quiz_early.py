"""An answer given before the quiz page's script has run (a slow connection: the page is
shown, its script still loading) is saved as soon as the script runs, not lost; questions
not touched (a choice, a matching and a short answer) are not sent."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.conftest import sign_in_as as _sign_in
from tests.drill_factories import mark_present
from tests.factories import enrol, make_session
from tests.quiz_factories import bank_course, make_quiz
from training.assessments.models import Competency
from training.auth.models import User
from training.extensions import db
from training.learning.gift import parse_gift
from training.learning.models import QuizSlot
from training.learning.services import bank_for, save_question

pytestmark = pytest.mark.browser
QUIZ = "Pre-test Jaringan Lambat"
MORE = {
    "LAMBATA": "::Pasangan:: Pasangkan platform dan isinya. "
    "{ =Instagram -> foto =X -> teks =TikTok -> video }",
    "LAMBATB": "::Singkat:: Kepanjangan ITE? { =Informasi dan Transaksi Elektronik }",
}


def _pre_test(app) -> None:
    """A course of its own whose session ended yesterday with the demo participant present;
    its pre-test (two banks: a choice and a matching, a choice and a short answer)."""
    with app.app_context():
        peserta = db.session.scalar(select(User).where(User.username == "peserta")).person
        course = bank_course(codes=tuple(MORE), questions=1, title="Jaringan Lambat")
        for code, gift in MORE.items():
            competency = db.session.scalar(select(Competency).where(Competency.code == code))
            (question,), errors = parse_gift(gift)
            assert errors == []
            save_question(bank_for(competency), question)
        session = make_session(
            course,
            peserta.unit.parent,
            starts_at=datetime.now(UTC) - timedelta(days=1),
            title="Kelas Jaringan Lambat",
        )
        enrol(session, peserta)
        mark_present(session, peserta)
        make_quiz(course, "pre", title=QUIZ, questions_per_competency=2)
        db.session.commit()
        db.session.remove()


def _saved_answers(app, attempt_id: int) -> dict[int, object]:
    with app.app_context():
        slots = db.session.scalars(select(QuizSlot).where(QuizSlot.attempt_id == attempt_id))
        answers = {s.position: s.answer["value"] for s in slots if s.answer}
        db.session.remove()
    return answers


def test_an_answer_given_before_the_script_ran_is_saved_when_it_runs(
    page: Page, live_server, live_app
):
    _pre_test(live_app)
    _sign_in(page, live_server, "peserta")
    page.route("**/js/quiz.js", lambda route: route.abort())  # still loading
    page.locator("#home-quiz").get_by_role("link", name=f"Kerjakan {QUIZ}").click()
    page.get_by_role("button", name="Mulai kuis").click()
    for kind, count in (("single", 2), ("matching", 1), ("short", 1)):
        expect(page.locator(f"fieldset[data-kind={kind}]")).to_have_count(count)
    first = page.locator("fieldset[data-kind=single]").first
    first.get_by_label("benar", exact=False).first.check()
    attempt_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    position = int(first.get_attribute("data-position"))
    expect(first.locator("[data-role=saved]")).to_have_text("")
    assert _saved_answers(live_app, attempt_id) == {}

    page.unroute("**/js/quiz.js")
    page.add_script_tag(url=live_server + "/static/js/quiz.js")

    expect(first.locator("[data-role=saved]")).to_have_text("Tersimpan")
    expect(page.locator("#quiz-status")).to_have_text(f"Jawaban soal {position + 1} tersimpan.")
    assert list(_saved_answers(live_app, attempt_id)) == [position]
    # the other questions, untouched, were not sent
    page.reload()
    expect(page.locator(f"#question-{position + 1} input:checked")).to_have_count(1)
    expect(page.locator("[data-role=saved]", has_text="Tersimpan")).to_have_count(1)
