"""A quiz's results page for staff (``rules.READ_QUIZ_RESULTS``): the attempts of the people
the viewer reads (``policy.quiz_results``), filtered by status, unit subtree and name or
NRP, and their CSV/XLSX export; the list of quizzes leading to them (the trainer's home page
links it). Routes of the ``quiz`` blueprint (``quiz_views``)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from training.core.timefmt import viewer_timezone
from training.core.webio import table_download
from training.extensions import db
from training.learning import quiz_results
from training.learning.models import Quiz
from training.learning.quiz_bands import bands_of
from training.learning.quiz_views import bp
from training.policy import rules
from training.policy.decorators import role_required
from training.units.models import Unit


def _filters() -> tuple[quiz_results.Filters, list[str]]:
    """The filters of the query string, and the reason an unknown unit code is ignored."""
    code, errors, unit = request.args.get("unit", "").strip(), [], None
    if code:
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        if unit is None:
            errors.append(_("Satuan dengan kode %(code)s tidak ditemukan.", code=code))
    status = request.args.get("status") or None
    return quiz_results.Filters(status, unit, request.args.get("q", "")[:100]), errors


@bp.get("/results")
@role_required(rules.READ_QUIZ_RESULTS)
def results_index():
    """Every quiz, by programme and course, each leading to its results."""
    return render_template("learning/quiz/results_index.html", quizzes=quiz_results.all_quizzes())


@bp.get("/<int:quiz_id>/results")
@role_required(rules.READ_QUIZ_RESULTS)
def results(quiz_id):
    quiz = db.get_or_404(Quiz, quiz_id)
    (filters, errors), now = _filters(), datetime.now(UTC)
    stmt = quiz_results.attempts_query(quiz, current_user._get_current_object(), filters, now)
    page = db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template(
        "learning/quiz/results.html",
        quiz=quiz,
        page=page,
        people=quiz_results.people_of(page.items),
        filters=filters,
        errors=errors,
        bands=bands_of(quiz.course_id),
        tz=viewer_timezone(current_user),
        now=now,
        labels=quiz_results.STATUS_LABELS,
        status_of=quiz_results.attempt_status,
        level_name=quiz_results.level_name,
    )


@bp.get("/<int:quiz_id>/results.<fmt>")
@role_required(rules.READ_QUIZ_RESULTS)
def results_export(quiz_id, fmt):
    quiz = db.get_or_404(Quiz, quiz_id)
    filters, _errors = _filters()
    user, tz = current_user._get_current_object(), viewer_timezone(current_user)
    bands, now = bands_of(quiz.course_id), datetime.now(UTC)
    rows = quiz_results.export_rows(quiz, user, filters, bands, tz, now)
    return table_download(fmt, quiz_results.HEADER, rows, f"hasil-kuis-{quiz.id}", _("Hasil kuis"))
