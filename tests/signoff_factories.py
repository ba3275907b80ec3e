"""Builders for the sign-off tests: a chain of commanders, cycles, reports, evidence files."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.factories import make_program, make_tree, make_user
from training.extensions import db
from training.programs.models import Cycle
from training.signoff import attachments, workflow
from training.signoff.models import ReportState

#: The smallest files each type is recognised by (their leading bytes, then filler).
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def make_cycle(program=None, number: int = 1, **kw) -> Cycle:
    kw.setdefault("starts_on", date(2026, 11, 1))
    kw.setdefault("ends_on", date(2026, 12, 10))
    cycle = Cycle(program=program or make_program(), number=number, **kw)
    db.session.add(cycle)
    db.session.flush()
    return cycle


def make_chain() -> dict:
    """The tree of tests.factories.make_tree plus one account per place in the chain."""
    tree = make_tree()
    commander = ("commander", "participant")
    people = {
        "kapolres_a": make_user(commander, username="kapolres_a", unit=tree["polres_a"]),
        "kapolres_b": make_user(commander, username="kapolres_b", unit=tree["polres_b"]),
        "kapolda_a": make_user(commander, username="kapolda_a", unit=tree["polda_a"]),
        "kapolda_b": make_user(commander, username="kapolda_b", unit=tree["polda_b"]),
        "kapolsek_a": make_user(commander, username="kapolsek_a", unit=tree["polsek_a"]),
        "hq": make_user(("commander",), username="mabes", unit=tree["mabes"]),
        "admin": make_user(("admin",), username="admin_uji"),
        "trainer": make_user(("trainer",), username="pelatih_uji"),
        "participant": make_user(("participant",), username="peserta_uji"),
    }
    return {**tree, **people, "cycle": make_cycle()}


def make_report(chain: dict, unit_key: str = "polres_a", state: str = ReportState.DRAFT, **kw):
    """A report of ``unit_key`` brought to ``state`` through the services (as the admin)."""
    admin = chain["admin"]
    report = workflow.get_or_create_report(chain["cycle"], chain[unit_key], now=NOW)
    workflow.save_note(report, admin, kw.get("note", "Semua Polsek sudah dilatih."), now=NOW)
    if kw.get("attachment", True):
        attachments.add_attachment(report, admin, "bukti.pdf", PDF, now=NOW)
    path = {
        ReportState.DRAFT: [],
        ReportState.SUBMITTED: ["submit"],
        ReportState.POLDA_VERIFIED: ["submit", "verify"],
        ReportState.VERIFIED: ["submit", "verify", "verify"],
        ReportState.RETURNED: ["submit", "return"],
    }[state]
    for step in path:
        if step == "submit":
            workflow.submit(report, admin, now=NOW)
        elif step == "verify":
            workflow.verify(report, admin, now=NOW)
        else:
            workflow.return_report(report, admin, "Bukti belum lengkap.", now=NOW)
    return report
