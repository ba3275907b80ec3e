"""Reports: attendance and results exports (CSV/XLSX) and the absence warnings list.

Readers are admins, trainers and commanders; participants get 403. Sessions, units and
courses outside the reader's scope answer 404, and the rows hold only people in scope.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from training.attendance import reports
from training.core.guards import db_id
from training.core.timefmt import viewer_timezone
from training.core.webio import TABLE_FORMATS, table_download
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import scope_of, unit_filter, unit_or_404
from training.policy.sessions import session_or_404
from training.programs.models import Course

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _send(stmt, fmt: str, name: str):
    rows = reports.export_rows(stmt)
    return table_download(fmt, reports.header(), rows, name, _("Kehadiran"))


def _course_or_404(course_id: int) -> Course:
    course = db.session.get(Course, course_id)
    if course is None:
        abort(404)
    return course


@bp.route("/")
@role_required(rules.READ_PROGRAMME)
def index():
    """Export form: a course, a unit subtree, or both; redirects to the download."""
    scope = scope_of(current_user)
    courses = db.session.scalars(select(Course).order_by(Course.program_id, Course.tier)).all()
    args, errors, unit_error = request.args, [], None
    if args.get("go"):
        fmt = args.get("fmt") if args.get("fmt") in TABLE_FORMATS else "csv"
        course = db.session.get(Course, args.get("course", type=db_id) or 0)
        unit, unit_error = unit_filter(scope, args.get("unit", "").strip())
        if unit is not None:
            extra = {"course": course.id} if course else {}
            return redirect(url_for(".unit_export", code=unit.code, fmt=fmt, **extra))
        if course is not None and not unit_error:
            return redirect(url_for(".course_export", course_id=course.id, fmt=fmt))
        if not unit_error:
            errors.append(_("Pilih kursus atau isi kode satuan."))
    return render_template(
        "attendance/reports.html", courses=courses, errors=errors, unit_error=unit_error
    )


@bp.route("/sessions/<int:session_id>.<fmt>")
@role_required(rules.READ_PROGRAMME)
def session_export(session_id, fmt):
    scope = scope_of(current_user)
    training_session = session_or_404(scope, session_id)
    stmt = reports.export_query(scope, session=training_session)
    return _send(stmt, fmt, f"kehadiran-sesi-{training_session.id}")


@bp.route("/courses/<int:course_id>.<fmt>")
@role_required(rules.READ_PROGRAMME)
def course_export(course_id, fmt):
    scope = scope_of(current_user)
    course = _course_or_404(course_id)
    stmt = reports.export_query(scope, course=course)
    return _send(stmt, fmt, f"kehadiran-kursus-{course.id}")


@bp.route("/units/<code>.<fmt>")
@role_required(rules.READ_PROGRAMME)
def unit_export(code, fmt):
    scope = scope_of(current_user)
    unit = unit_or_404(scope, code)
    course = None
    if "course" in request.args:
        course_id = request.args.get("course", type=db_id)
        if course_id is None:
            abort(404)
        course = _course_or_404(course_id)
    stmt = reports.export_query(scope, unit=unit, course=course)
    suffix = f"-kursus-{course.id}" if course else ""
    return _send(stmt, fmt, f"kehadiran-{unit.code}{suffix}")


@bp.route("/warnings")
@role_required(rules.READ_PROGRAMME)
def warnings():
    include_resolved = request.args.get("all") == "1"
    page = db.paginate(
        reports.warnings_for(current_user._get_current_object(), include_resolved=include_resolved),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
        count=True,
    )
    return render_template(
        "attendance/warnings.html",
        page=page,
        include_resolved=include_resolved,
        tz=viewer_timezone(current_user),
    )
