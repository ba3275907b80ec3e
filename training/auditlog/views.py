"""The audit log page for admins: filter by entity, user, person, session, course, dates."""

from __future__ import annotations

from datetime import date, time, timedelta

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from training.audit import labels
from training.auditlog import queries
from training.core.dates import day_arg
from training.core.timefmt import to_utc, viewer_timezone
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _int_arg(name: str, label, errors: list[str]) -> int | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        errors.append(_("%(field)s harus berupa angka.", field=label))
        return None
    return int(text)


def _day_arg(name: str, label, errors: list[str]) -> date | None:
    try:
        return day_arg(name)
    except ValueError:
        errors.append(_("%(field)s tidak valid. Gunakan format TTTT-BB-HH.", field=label))
        return None


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


def shown_changes(entry) -> list[tuple[str, object, object]]:
    """(field label, value before, value after) of an entry, codes shown by their label."""
    return [
        (
            labels.field_label(field),
            labels.value_label(entry.entity, field, before),
            labels.value_label(entry.entity, field, after),
        )
        for field, before, after in queries.changes(entry)
    ]


@bp.route("/")
@role_required(rules.READ_AUDIT_LOG)
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
        "auditlog/index.html",
        page=page,
        filters=filters,
        errors=errors,
        names=queries.names_for(page.items),
        changes=shown_changes,
        entities={code: str(label) for code, label in labels.ENTITY_LABELS.items()},
        action_label=labels.action_label,
        courses=queries.course_choices(),
        tz=tz,
    )
