"""A quiz's results page for staff (``rules.READ_QUIZ_RESULTS``): the attempts of the people
the viewer reads (``policy.quiz_results``), filtered by status, unit subtree and name or
NRP, and their CSV/XLSX export; the list of quizzes leading to them (the trainer's home page
links it). Routes of the ``quiz`` blueprint (``quiz_views``)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import false, select

from training.core.timefmt import viewer_timezone
from training.core.webio import table_download
from training.extensions import db
from training.learning import quiz_results
from training.learning.models import Quiz
from training.learning.quiz_bands import bands_of
from training.learning.quiz_views import bp
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import can_see_unit, scope_of, unit_not_found
from training.units.models import Unit


def _filters() -> tuple[quiz_results.Filters, str]:
    """The filters of the query string, and the unit code asked for ("" for none)."""
    code, unit = request.args.get("unit", "").strip()[:32], None
    if code:
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
    status = request.args.get("status") or None
    return quiz_results.Filters(status, unit, request.args.get("q", "")[:100]), code


def _unit_error(quiz, filters: quiz_results.Filters, code: str) -> str | None:
    """The message for the unit field: an unknown code, or a unit outside the reader's
    command with no attempt there the reader may read, whatever the other filters (a
    trainer named on a session of another command reads those), in the same words as the
    other lists' unit filters."""
    if not code or (
        filters.unit is not None and can_see_unit(scope_of(current_user), filters.unit)
    ):
        return None
    if filters.unit is not None:
        user, now = current_user._get_current_object(), datetime.now(UTC)
        only_unit = quiz_results.Filters(unit=filters.unit)
        stmt = quiz_results.attempts_query(quiz, user, only_unit, now)
        if db.session.scalar(select(stmt.exists())):
            return None
    return unit_not_found(code)


@bp.get("/results")
@role_required(rules.READ_QUIZ_RESULTS)
def results_index():
    """Every quiz, by programme and course, each leading to its results."""
    return render_template("learning/quiz/results_index.html", quizzes=quiz_results.all_quizzes())


@bp.get("/<int:quiz_id>/results")
@role_required(rules.READ_QUIZ_RESULTS)
def results(quiz_id):
    quiz = db.get_or_404(Quiz, quiz_id)
    (filters, code), now = _filters(), datetime.now(UTC)
    stmt = quiz_results.attempts_query(quiz, current_user._get_current_object(), filters, now)
    unit_error = _unit_error(quiz, filters, code)
    if unit_error:
        stmt = stmt.where(false())
    page = db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template(
        "learning/quiz/results.html",
        quiz=quiz,
        page=page,
        people=quiz_results.people_of(page.items),
        filters=filters,
        unit_error=unit_error,
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
    filters, code = _filters()
    if _unit_error(quiz, filters, code):
        abort(404)
    user, tz = current_user._get_current_object(), viewer_timezone(current_user)
    bands, now = bands_of(quiz.course_id), datetime.now(UTC)
    rows = quiz_results.export_rows(quiz, user, filters, bands, tz, now)
    return table_download(fmt, quiz_results.HEADER, rows, f"hasil-kuis-{quiz.id}", _("Hasil kuis"))
