"""The kapolres imports a mention log on a phone-sized screen, sees the figures of their
Polres and the open complaint past its target in the breach list, and the readiness page of
the Polres follows: one more complaint received in its response figures, and, under a
programme whose Siap requires a share of complaints answered, its status drops from Siap to
Sebagian with the unmet criterion in words."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from training.accounts.models import SocialAccount
from training.extensions import db
from training.policy.scope import Scope
from training.readiness.rollup import compute, current_program, thresholds_for
from training.readiness.thresholds import FIELDS, save_thresholds
from training.units.models import Unit

pytestmark = pytest.mark.browser


def _handle(live_app) -> str:
    with live_app.app_context():
        stmt = (
            select(SocialAccount.handle)
            .join(Unit, Unit.id == SocialAccount.unit_id)
            .where(Unit.code == "15.16", SocialAccount.platform == "instagram")
        )
        return db.session.scalar(stmt)


@contextmanager
def _only_response_criterion(live_app, code: str):
    """For the test: the current programme's Siap asks nothing of training and at least as
    many % of complaints answered as the unit answers now (so it is Siap, and one more open
    complaint makes it Sebagian); the demo's thresholds are put back afterwards."""
    with live_app.app_context():
        today = datetime.now(UTC).date()
        program = current_program(today)
        rules = thresholds_for(program)
        saved = {name: getattr(rules, name) for name in FIELDS}
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        lenient = {**saved, "ready_certified_pct": 0, "ready_accounts_pct": 0}
        lenient.update(ready_min_level=0, ready_attendance_pct=0, partial_certified_pct=0)
        lenient.update(ready_requires_commander=False, ready_p90_minutes=None)
        save_thresholds(rules, lenient)
        db.session.commit()
        response = compute(program, Scope(everything=True), on=today).units[unit.id].response
        pct = 100 * response.answered // response.mentions
        assert 100 * response.answered / (response.mentions + 1) < pct, response
        save_thresholds(rules, {**lenient, "ready_answered_pct": pct})
        db.session.commit()
    try:
        yield pct
    finally:
        with live_app.app_context():
            save_thresholds(thresholds_for(current_program(today)), saved)
            db.session.commit()


def test_kapolres_imports_mentions_and_sees_figures_and_a_breach(
    page, live_server, live_app, sign_in
):
    page.set_viewport_size({"width": 390, "height": 844})
    handle = _handle(live_app)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    received = (now - timedelta(hours=3)).isoformat()
    answered = (now - timedelta(hours=2, minutes=40)).isoformat()
    log = (
        "platform,akun,id_mention,diterima,kategori,respons_pertama\n"
        f"instagram,{handle},UJI-CEPAT,{received},pertanyaan,{answered}\n"
        f"instagram,{handle},UJI-TERBUKA,{received},aduan,\n"
    )
    sign_in("kapolres")
    with _only_response_criterion(live_app, "15.16") as pct:
        page.goto(live_server + "/readiness/units/15.16")
        expect(page.locator("#status-heading")).to_contain_text("Siap")
        aduan_before = int(page.locator("#response-aduan").inner_text())
        _import_and_check(page, live_server, log, handle)

        page.goto(live_server + "/readiness/units/15.16")
        expect(page.locator("#response-aduan")).to_have_text(str(aduan_before + 1))
        expect(page.locator("#status-heading")).to_contain_text("Sebagian")
        expect(page.locator("#unmet")).to_contain_text("Aduan terjawab")
        expect(page.locator("#unmet")).to_contain_text(f"(syarat {pct}%)")


def _import_and_check(page, live_server, log: str, handle: str) -> None:

    page.goto(live_server + "/responses/import")
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(
        files=[{"name": "log.csv", "mimeType": "text/csv", "buffer": log.encode()}]
    )
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.locator("#import-counts")).to_contain_text("Baru: 2")
    page.get_by_role("button", name="Simpan impor").click()

    expect(page.locator(".alert-success")).to_contain_text("Impor selesai: 2 baru")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Respons publik")
    expect(page.locator("#fig-mentions")).not_to_have_text("0")
    page.locator("#fig-late").click()
    row = page.locator("#breaches tbody tr").filter(has_text="UJI-TERBUKA")
    expect(row).to_contain_text("Aduan")
    expect(row).to_contain_text(f"@{handle}")
    expect(page.locator("#breaches")).not_to_contain_text("UJI-CEPAT")
