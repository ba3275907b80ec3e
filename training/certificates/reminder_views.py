"""Certificates nearing expiry (per unit subtree, CSV) and the e-mail outbox (admins)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from training.certificates import outbox as sender
from training.certificates import reminder_queries, reminders
from training.core.webio import csv_download
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import scope_of, unit_filter

bp = Blueprint("reminders", __name__)

DEFAULT_DAYS = 60
MAX_DAYS = 3650
OUTBOX_STATES = {
    "unsent": _l("Belum terkirim"),
    "sent": _l("Terkirim"),
    "failed": _l("Gagal"),
}


def _days_arg(errors: list[str]) -> int:
    text = request.args.get("days", "").strip()
    if not text:
        return DEFAULT_DAYS
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_DAYS:
        errors.append(_("Jumlah hari harus angka 1 sampai %(max)d.", max=MAX_DAYS))
        return DEFAULT_DAYS
    return int(text)


def _expiring_rows():
    """The rows, days and unit of the query string, its errors, and the unit field's message
    (a bad unit code lists nothing, as the calendar)."""
    scope = scope_of(current_user)
    errors: list[str] = []
    days = _days_arg(errors)
    unit, unit_error = unit_filter(scope, request.args.get("unit", "").strip())
    rows = [] if unit_error else reminders.expiring(scope, days, unit=unit)
    return rows, days, unit, errors, unit_error


@bp.get("/certificates/expiring")
@role_required(rules.READ_PROGRAMME)
def expiring():
    rows, days, unit, errors, unit_error = _expiring_rows()
    return render_template(
        "certificates/expiring.html",
        rows=rows,
        days=days,
        unit=unit,
        errors=errors,
        unit_error=unit_error,
    )


@bp.get("/certificates/expiring.csv")
@role_required(rules.READ_PROGRAMME)
def expiring_csv():
    rows, days, unit, _errors, unit_error = _expiring_rows()
    if unit_error:
        abort(404)
    header, data = reminder_queries.expiring_table(rows)
    suffix = f"-{unit.code}" if unit is not None else ""
    return csv_download(header, data, f"sertifikat-berakhir-{days}hari{suffix}.csv")


@bp.get("/outbox")
@role_required(rules.SEND_REMINDERS)
def outbox():
    state = request.args.get("state", "").strip()
    kind = request.args.get("kind", "").strip()
    state = state if state in reminder_queries.OUTBOX_STATE_FILTERS else ""
    stmt = reminder_queries.outbox_query(state, kind)
    kinds = reminder_queries.outbox_kinds()
    page = db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False, count=True)
    return render_template(
        "certificates/outbox.html",
        page=page,
        state=state,
        kind=kind,
        kinds=kinds,
        states=OUTBOX_STATES,
        mail_configured=sender.mail_configured(),
    )


@bp.post("/outbox/queue")
@role_required(rules.SEND_REMINDERS)
def queue():
    count = reminders.queue_reminders()
    db.session.commit()
    flash(_("%(n)d pengingat masuk antrean.", n=count), "success")
    return redirect(url_for(".outbox"))


@bp.post("/outbox/send")
@role_required(rules.SEND_REMINDERS)
def send():
    if not sender.mail_configured():
        flash(_("Server email belum dikonfigurasi; pesan tetap tersimpan di antrean."), "warning")
        return redirect(url_for(".outbox"))
    sent, failed = sender.send_outbox()
    db.session.commit()
    category = "warning" if failed else "success"
    flash(_("%(sent)d pesan terkirim, %(failed)d gagal.", sent=sent, failed=failed), category)
    return redirect(url_for(".outbox"))
