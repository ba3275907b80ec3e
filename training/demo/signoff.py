"""Demo readiness reports of Polda Jawa Timur at different steps of the sign-off chain.

- Polres 15.16 (the demo kapolres's) submitted yesterday: waiting for the demo kapolda;
- Polrestabes Surabaya (15.01) verified by the Polda and then by HQ: final;
- Polresta Sidoarjo (15.02) returned by the Polda with a reason.
The other two Polres have no demo account: the admin submits for them (admins may act for
anyone). Everything goes through the sign-off services, so steps, frozen figures and audit
entries are real. Idempotent: nothing happens when the cycle already has reports.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from training.auth.models import User
from training.extensions import db
from training.programs.models import Cycle
from training.signoff import attachments, workflow
from training.signoff.models import ReadinessReport
from training.units.models import Unit

NOTES = {
    "15.16": "Seluruh kapolsek jajaran telah mengikuti pelatihan tingkat 3. Akun Instagram dan "
    "X Polres sudah bercentang biru; akun TikTok masih dalam proses verifikasi.",
    "15.01": "Pelatihan tingkat 2 dan 3 selesai. Semua akun resmi Polrestabes dan Polsek "
    "jajaran terverifikasi. Terlampir daftar hadir dan tangkapan layar akun.",
    "15.02": "Sebagian kapolsek belum mengikuti pelatihan karena tugas pengamanan.",
}
RETURN_REASON = (
    "Lampirkan daftar hadir pelatihan kapolsek dan tangkapan layar centang biru akun resmi; "
    "laporan tanpa bukti tidak dapat diverifikasi."
)


def evidence_pdf(unit: Unit, title: str) -> bytes:
    """A one-page demo evidence document (deterministic bytes)."""
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=A4, invariant=True)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 770, title)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 745, f"{unit.name} ({unit.code})")
    pdf.drawString(72, 725, "Dokumen contoh untuk data demo Presisi Training.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def seed_reports(cycle: Cycle, *, now: datetime | None = None) -> int:
    """Create the demo reports of ``cycle`` once; return how many were created."""
    if db.session.scalar(select(ReadinessReport.id).where(ReadinessReport.cycle_id == cycle.id)):
        return 0
    now = now or datetime.now(UTC)
    users = {
        u.username: u
        for u in db.session.scalars(
            select(User).where(User.username.in_(("admin", "kapolda", "kapolres")))
        )
    }
    admin, kapolda = users.get("admin"), users.get("kapolda")
    if admin is None or kapolda is None:
        return 0
    created = 0
    plan = (
        ("15.01", admin, [(kapolda, "verify"), (admin, "verify")], 6),
        ("15.02", admin, [(kapolda, "return")], 3),
        ("15.16", users.get("kapolres", admin), [], 1),
    )
    for code, writer, reviews, days_ago in plan:
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        if unit is None:
            continue
        _report(cycle, unit, writer, reviews, now - timedelta(days=days_ago))
        created += 1
    return created


def _report(cycle, unit, writer, reviews, at: datetime) -> ReadinessReport:
    report = workflow.get_or_create_report(cycle, unit, now=at)
    workflow.save_note(report, writer, NOTES[unit.code], now=at)
    for n, title in enumerate(("Daftar hadir pelatihan", "Bukti akun resmi"), start=1):
        data = evidence_pdf(unit, title)
        name = f"{title.lower().replace(' ', '-')}-{unit.code}.pdf"
        attachments.add_attachment(report, writer, name, data, now=at + timedelta(minutes=n))
    workflow.submit(report, writer, now=at + timedelta(hours=1))
    for days, (user, action) in enumerate(reviews, start=1):
        when = at + timedelta(days=days)
        if action == "verify":
            workflow.verify(report, user, note="Sesuai dengan data kesiapan.", now=when)
        else:
            workflow.return_report(report, user, RETURN_REASON, now=when)
    return report
