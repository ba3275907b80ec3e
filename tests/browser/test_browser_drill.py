"""A trainer runs a response drill with two participants (each in their own browser, one
on a 390 px phone), scores every reply on one screen and finishes it: the participant's
ADUAN level changes to the drill's, shown in their history as a drill attempt."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.conftest import sign_in_as as _sign_in
from tests.drill_factories import mark_present
from tests.factories import enrol, make_person, make_session, make_user
from training.assessments import queries
from training.assessments.drill_services import drill_competency
from training.assessments.framework import assign_default_competencies
from training.auth.models import User
from training.extensions import db
from training.programs.models import Course

pytestmark = pytest.mark.browser


def _running_session_with_two_present(app) -> dict:
    """A tier-3 session that began ten minutes ago; the demo participant and a second
    participant (of another Polsek) enrolled and present."""
    with app.app_context():
        peserta = db.session.scalar(select(User).where(User.username == "peserta")).person
        course = db.session.scalar(select(Course).where(Course.tier == 3).order_by(Course.id))
        assign_default_competencies(course)
        session = make_session(
            course,
            peserta.unit.parent,
            starts_at=datetime.now(UTC) - timedelta(minutes=10),
            title="Kelas Latihan Respons",
        )
        other = make_person(peserta.unit.parent, full_name="Dewi Kartika Sari", nrp="83100002")
        make_user(username="peserta_dua", password=DEMO_PASSWORD, person=other)
        for person in (peserta, other):
            enrol(session, person)
            mark_present(session, person)
        aduan = drill_competency(course).id
        before = queries.latest_attempts(course.id, [peserta.id]).get(peserta.id)
        world = {
            "session": session.id,
            "course": course.id,
            "peserta": peserta.id,
            "name": peserta.full_name,
            "other": other.id,
            "aduan": aduan,
            "before": before.levels.get(aduan) if before else None,
        }
        db.session.commit()
        db.session.remove()
    return world


def _answer(page: Page, text: str) -> None:
    page.get_by_role("button", name="Tampilkan mention berikutnya").click()
    expect(page.locator(".drill-mention")).to_be_visible()
    page.get_by_label("Balasan Anda").fill(text)
    page.get_by_role("button", name="Kirim balasan").click()
    expect(page.locator(".alert-dismissible")).to_contain_text("Balasan terkirim")


def test_a_trainer_runs_and_scores_a_drill_and_the_aduan_level_follows(
    page: Page, browser, live_server, live_app
):
    w = _running_session_with_two_present(live_app)
    trainer_context = browser.new_context()
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        trainer = trainer_context.new_page()
        _sign_in(trainer, live_server, "pelatih")
        trainer.goto(f"{live_server}/sessions/{w['session']}")
        trainer.get_by_role("link", name="Latihan respons").click()
        trainer.get_by_label("Laporan pencurian sepeda motor").check()
        trainer.get_by_label("Keadaan darurat: kekerasan sedang terjadi").check()
        trainer.get_by_role("button", name="Mulai latihan").click()
        expect(trainer.locator(".alert-success")).to_contain_text("dimulai dengan 2 mention")

        _sign_in(page, live_server, "peserta")
        page.locator(".card").get_by_role("link", name="Latihan respons saya").click()
        page.get_by_role("link", name="Kelas Latihan Respons").click()
        _answer(page, "Selamat pagi Kak, mohon maaf atas kejadiannya. Silakan lapor ke SPKT.")
        page.reload()  # nothing is lost: the answered reply is listed
        expect(page.locator(".drill-reply")).to_contain_text("Silakan lapor ke SPKT")
        _answer(page, "Segera hubungi 110, petugas kami menuju lokasi.")
        expect(page.get_by_text("Semua mention sudah Anda jawab")).to_be_visible()

        second = phone.new_page()
        _sign_in(second, live_server, "peserta_dua")
        second.goto(f"{live_server}/assessments/drills/mine")
        second.get_by_role("link", name="Kelas Latihan Respons").click()
        _answer(second, "Terima kasih laporannya, kami teruskan ke piket.")

        trainer.reload()
        trainer.get_by_label(f"Nilai {w['name']}, mention 1").select_option("2")
        trainer.get_by_label(f"Nilai {w['name']}, mention 2").select_option("2")
        trainer.get_by_label("Nilai Dewi Kartika Sari, mention 1").select_option("4")
        trainer.get_by_role("button", name="Simpan nilai").click()
        expect(trainer.locator(".alert-success")).to_contain_text("3 balasan berubah")
        trainer.get_by_text("Selesaikan latihan…").click()
        trainer.get_by_label("Saya yakin").check()
        trainer.get_by_role("button", name="Selesaikan dan catat nilai").click()
        expect(trainer.locator(".alert-success")).to_contain_text("2 peserta dicatat")
        row = trainer.locator(f"tr[data-person='{w['other']}'] [data-role=outcome]")
        expect(row).to_contain_text("3 Baik")  # (4 + Kurang for the unanswered) / 2, rounded up

        page.goto(f"{live_server}/assessments/courses/{w['course']}/people/{w['peserta']}")
        latest = page.locator("section.card").first
        expect(latest).to_contain_text("Latihan respons")
        expect(latest.locator("tr", has_text="Menjawab aduan lewat mention")).to_contain_text(
            "2 Cukup"
        )
    finally:
        trainer_context.close()
        phone.close()

    with live_app.app_context():
        after = queries.latest_attempts(w["course"], [w["peserta"]])[w["peserta"]]
        assert after.levels[w["aduan"]] == 2 != w["before"]
        db.session.remove()
