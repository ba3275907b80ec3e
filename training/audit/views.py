"""The audit log page for admins: filter by entity, user, person, session, course, dates."""

from __future__ import annotations

from datetime import date, time, timedelta

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from training.audit import queries
from training.auth.decorators import role_required
from training.core.timefmt import to_utc, viewer_timezone
from training.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/audit")

ENTITY_LABELS = {
    "attendance": _l("Kehadiran"),
    "signoff": _l("Pengesahan daftar hadir"),
    "assessment": _l("Penilaian"),
    "course_status": _l("Status kursus"),
    "login": _l("Masuk aplikasi"),
    "readiness_report": _l("Laporan kesiapan"),
}
ACTION_LABELS = {
    "create": _l("Dibuat"),
    "update": _l("Diubah"),
    "delete": _l("Dihapus"),
    "sign_off": _l("Disahkan"),
    "reopen": _l("Dibuka kembali"),
    "success": _l("Berhasil"),
    "failure": _l("Gagal"),
    "locked": _l("Dikunci"),
    "submit": _l("Dikirim"),
    "verify_polda": _l("Diverifikasi Polda"),
    "verify_hq": _l("Diverifikasi Mabes"),
    "return": _l("Dikembalikan"),
}


def _int_arg(name: str, label, errors: list[str]) -> int | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        errors.append(_("%(field)s harus berupa angka.", field=label))
        return None
    return int(text)


def _day_arg(name: str, label, errors: list[str]) -> date | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or not 1970 <= day.year <= 2200:
        errors.append(_("%(field)s tidak valid. Gunakan format TTTT-BB-HH.", field=label))
        return None
    return day


def _filters(tz: str) -> tuple[queries.AuditFilters, list[str]]:
    args, errors = request.args, []
    entity = args.get("entity", "").strip() or None
    if entity is not None and entity not in queries.ENTITIES:
        errors.append(_("Jenis data tidak dikenal."))
        entity = None
    first = _day_arg("from", _("Tanggal mulai"), errors)
    last = _day_arg("to", _("Tanggal akhir"), errors)
    if first and last and last < first:
        errors.append(_("Tanggal akhir tidak boleh sebelum tanggal mulai."))
        first = last = None
    filters = queries.AuditFilters(
        entity=entity,
        username=args.get("user", "").strip() or None,
        nrp=args.get("nrp", "").strip() or None,
        session_id=_int_arg("session", _("ID sesi"), errors),
        course_id=_int_arg("course", _("Kursus"), errors),
        start=to_utc(first, time(0), tz) if first else None,
        end=to_utc(last + timedelta(days=1), time(0), tz) if last else None,
        first_day=first,
        last_day=last,
    )
    return filters, errors


@bp.route("/")
@role_required("admin")
def index():
    tz = viewer_timezone(current_user)
    filters, errors = _filters(tz)
    page = db.paginate(
        queries.audit_query(filters),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
        count=True,
    )
    return render_template(
        "audit/index.html",
        page=page,
        filters=filters,
        errors=errors,
        names=queries.names_for(page.items),
        changes=queries.changes,
        entities=ENTITY_LABELS,
        actions=ACTION_LABELS,
        courses=queries.course_choices(),
        tz=tz,
    )
