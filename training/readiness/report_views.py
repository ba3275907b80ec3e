"""Downloads of a unit's readiness: the PDF report, and its rows as CSV and XLSX."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, request
from flask_babel import force_locale
from flask_login import current_user, login_required

from training.core.timefmt import format_local, local_day, viewer_timezone
from training.core.webio import csv_download, xlsx_download
from training.extensions import db
from training.policy.scope import scope_of, unit_or_404
from training.programs.models import Program
from training.readiness import exports
from training.readiness.kept import readiness as kept_readiness
from training.readiness.report_pdf import render_report
from training.readiness.rollup import current_program

bp = Blueprint("readiness_reports", __name__, url_prefix="/readiness/units")

FORMATS = ("csv", "xlsx")


def _context(code: str):
    """(scope, unit, readiness) for the viewer; 403 for pure participants, 404 outside."""
    scope = scope_of(current_user)
    if not scope.sees_units:
        abort(403)
    unit = unit_or_404(scope, code)
    today = local_day(tz=unit.timezone)
    raw = request.args.get("program", "").strip()
    valid = raw.isascii() and raw.isdigit() and len(raw) <= 9
    program = db.session.get(Program, int(raw)) if valid else None
    if raw and program is None:
        abort(404)
    program = program or current_program(today)
    if program is None:
        abort(404)
    return scope, unit, kept_readiness(program, scope, root=unit, on=today)


def _filename(unit, suffix: str, fmt: str) -> str:
    return f"kesiapan-{unit.code}-{suffix}.{fmt}"


@bp.get("/<code>/report.pdf")
@login_required
def report_pdf(code):
    scope, unit, readiness = _context(code)
    now = datetime.now(UTC)
    rows, total = exports.gap_rows(readiness, scope, unit, now=now, limit=exports.PDF_GAP_LIMIT)
    with force_locale("id"):
        data = exports.report_data(
            readiness,
            unit,
            rows,
            total,
            generated_label=format_local(now, viewer_timezone(current_user), long=True),
        )
    response = Response(render_report(data), mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f"inline; filename={_filename(unit, 'laporan', 'pdf')}"
    )
    return response


@bp.get("/<code>/readiness.<fmt>")
@login_required
def children(code, fmt):
    _scope, unit, readiness = _context(code)
    if fmt not in FORMATS:
        abort(404)
    header, rows = exports.child_table(readiness, unit.id)
    return _download(header, rows, unit, "satuan", fmt)


@bp.get("/<code>/gaps.<fmt>")
@login_required
def gap_list(code, fmt):
    scope, unit, readiness = _context(code)
    if fmt not in FORMATS:
        abort(404)
    rows = exports.all_gap_rows(readiness, scope, unit, now=datetime.now(UTC))
    flagged = exports.refresher_units(readiness)
    header, table = exports.gap_table(rows, flagged)  # streamed: every gap, in batches
    return _download(header, table, unit, "kesenjangan", fmt)


def _download(header, rows, unit, suffix: str, fmt: str):
    name = _filename(unit, suffix, fmt)
    if fmt == "csv":
        return csv_download(header, rows, name)
    return xlsx_download(header, rows, suffix.capitalize(), name)
