"""Demo readiness reports: one final, one waiting for the demo kapolda, one returned."""

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.factories import make_unit, make_user
from tests.signoff_factories import make_cycle
from training.demo.signoff import RETURN_REASON, seed_reports
from training.extensions import db as _db
from training.policy.scope import scope_of
from training.signoff.models import ReadinessReport, ReportAttachment
from training.signoff.queries import reports_query

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


@pytest.fixture
def demo(db):
    """The demo's corner of the tree (codes as in the real list) and its accounts."""
    mabes = make_unit(code="00", name="Mabes Polri")
    jatim = make_unit(mabes, code="15", name="Polda Jawa Timur")
    units = {
        code: make_unit(jatim, code=code, name=name)
        for code, name in (
            ("15.01", "Polrestabes Surabaya"),
            ("15.02", "Polresta Sidoarjo"),
            ("15.16", "Polres Blitar Kota"),
        )
    }
    make_unit(units["15.16"], code="15.16.01")
    users = {
        "admin": make_user(("admin",), username="admin"),
        "kapolda": make_user(("commander", "participant"), username="kapolda", unit=jatim),
        "kapolres": make_user(
            ("commander", "participant"), username="kapolres", unit=units["15.16"]
        ),
    }
    return {"cycle": make_cycle(), **units, **users}


def _states(db):
    rows = db.session.execute(
        select(ReadinessReport.state, ReadinessReport).order_by(ReadinessReport.id)
    )
    return {report.unit.code: state for state, report in rows}


def test_seed_reports_puts_three_reports_at_different_steps(demo, db):
    assert seed_reports(demo["cycle"], now=NOW) == 3

    assert _states(db) == {"15.01": "verified", "15.02": "returned", "15.16": "submitted"}
    reports = {r.unit.code: r for r in db.session.scalars(select(ReadinessReport))}
    assert [s.action for s in reports["15.01"].steps] == ["submit", "verify_polda", "verify_hq"]
    assert [s.user.username for s in reports["15.01"].steps] == ["admin", "kapolda", "admin"]
    assert reports["15.02"].steps[-1].note == RETURN_REASON
    assert [(s.action, s.user.username) for s in reports["15.16"].steps] == [("submit", "kapolres")]
    assert all(r.figures and r.figures["unit"]["code"] == code for code, r in reports.items())
    steps = [s.at for r in reports.values() for s in r.steps]
    assert max(steps) < NOW


def test_demo_kapolda_has_the_kapolres_report_waiting(demo, db):
    seed_reports(demo["cycle"], now=NOW)
    kapolda = demo["kapolda"]

    stmt = reports_query(scope_of(kapolda), waiting_for=kapolda)

    assert [r.unit.code for r in db.session.scalars(stmt)] == ["15.16"]


def test_demo_evidence_is_real_pdf_named_after_the_unit(demo, db):
    seed_reports(demo["cycle"], now=NOW)

    files = db.session.scalars(select(ReportAttachment).order_by(ReportAttachment.id)).all()

    assert len(files) == 6
    assert {f.content_type for f in files} == {"application/pdf"}
    assert files[0].filename == "daftar-hadir-pelatihan-15.01.pdf"
    text = PdfReader(io.BytesIO(files[0].data)).pages[0].extract_text()
    assert "Polrestabes Surabaya" in text


def test_seed_reports_runs_once(demo, db):
    seed_reports(demo["cycle"], now=NOW)
    _db.session.flush()

    assert seed_reports(demo["cycle"], now=NOW) == 0
    assert len(db.session.scalars(select(ReadinessReport)).all()) == 3
