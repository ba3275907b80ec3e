"""Feedback after a session: answering the survey, and reading its results in aggregate.

A participant who attended a session answers once, inside the window after its end
(``FEEDBACK_WINDOW_DAYS``): anybody else gets 404 on the answer page. Results (per session,
course and trainer, with CSV/XLSX exports) are for staff, cut to the sessions the viewer may
read (``policy.feedback``), and show figures only from five responses up. The editing of the
survey's template is in ``feedback_template_views``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from training.auth.models import User
from training.core.webio import TABLE_FORMATS as FORMATS
from training.core.webio import table_download
from training.errors import RuleViolation
from training.extensions import db
from training.learning import feedback_answering as answering
from training.learning import feedback_results as found
from training.learning.feedback_forms import answer_form, answers_of
from training.learning.feedback_services import LIKERT_LABELS, ensure_template
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.feedback import (
    may_edit_feedback_template,
    may_read_session_results,
    may_read_trainer_results,
    results_session_clause,
)
from training.policy.sessions import trained_session_ids
from training.programs.models import Course
from training.sessions.models import TrainingSession

bp = Blueprint("feedback", __name__, url_prefix="/feedback")


def _window() -> int:
    return current_app.config["FEEDBACK_WINDOW_DAYS"]


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@login_required
def answer(session_id):
    session = db.get_or_404(TrainingSession, session_id)
    person_id, now = current_user.person_id, datetime.now(UTC)
    if not answering.attended(session, person_id):
        abort(404)
    reason = answering.refusal(session, person_id, now, _window())
    template = ensure_template(now=now)
    form = answer_form(template)
    if reason is None and form.validate_on_submit() and _submitted(session, template, form):
        flash(_("Terima kasih, umpan balik Anda tersimpan tanpa nama."), "success")
        return redirect(url_for("home.index"))
    db.session.commit()  # the default template, made once on a database without one
    return render_template(
        "learning/feedback/answer.html",
        s=session,
        form=form,
        template=template,
        reason=reason,
        closes_at=answering.closes_at(session, _window()),
    )


def _submitted(session, template, form) -> bool:
    """Store the signed-in person's answers and commit; flash the refusal and say False."""
    values = answers_of(form, template)
    try:
        answering.submit(session, current_user.person_id, template, values, window_days=_window())
    except RuleViolation as exc:  # raised before anything was added
        flash(str(exc), "error")
        return False
    db.session.commit()
    return True


@bp.get("/")
@role_required(rules.READ_FEEDBACK_RESULTS)
def index():
    return render_template(
        "learning/feedback/index.html",
        overview=found.overview(results_session_clause(current_user)),
        may_edit=may_edit_feedback_template(current_user),
    )


def _page(fmt, title: str, name: str, session_ids, back):
    """The results page, or its export in ``fmt`` ("csv"/"xlsx")."""
    results = found.results(session_ids)
    if fmt is not None:
        rows = found.export_rows(results)
        return table_download(fmt, found.export_header(), rows, name, _("Umpan balik"))
    return render_template(
        "learning/feedback/results.html",
        title=title,
        results=results,
        back=back,
        exports={f: url_for(request.endpoint, **{**request.view_args, "fmt": f}) for f in FORMATS},
        likert_labels=LIKERT_LABELS,
        minimum=found.MIN_RESPONSES,
    )


def _visible(stmt):
    return stmt.where(results_session_clause(current_user))


@bp.get("/sessions/<int:session_id>/results", defaults={"fmt": None})
@bp.get("/sessions/<int:session_id>/results.<fmt>")
@role_required(rules.READ_FEEDBACK_RESULTS)
def session_results(session_id, fmt):
    session = db.get_or_404(TrainingSession, session_id)
    if not may_read_session_results(current_user, session):
        abort(404)
    title = _("Umpan balik sesi: %(t)s", t=session.title or session.course.title)
    ids = select(TrainingSession.id).where(TrainingSession.id == session.id)
    back = url_for("sessions.detail", session_id=session.id)
    return _page(fmt, title, f"umpan-balik-sesi-{session.id}", ids, back)


@bp.get("/courses/<int:course_id>/results", defaults={"fmt": None})
@bp.get("/courses/<int:course_id>/results.<fmt>")
@role_required(rules.READ_FEEDBACK_RESULTS)
def course_results(course_id, fmt):
    course = db.get_or_404(Course, course_id)
    title = _("Umpan balik kursus: Tingkat %(n)d · %(t)s", n=course.tier, t=course.title)
    ids = _visible(select(TrainingSession.id).where(TrainingSession.course_id == course.id))
    back = url_for("programs.detail", program_id=course.program_id)
    return _page(fmt, title, f"umpan-balik-kursus-{course.id}", ids, back)


@bp.get("/trainers/<int:user_id>/results", defaults={"fmt": None})
@bp.get("/trainers/<int:user_id>/results.<fmt>")
@role_required(rules.READ_FEEDBACK_RESULTS)
def trainer_results(user_id, fmt):
    trainer = db.get_or_404(User, user_id)
    if not may_read_trainer_results(current_user, trainer):
        abort(403)
    name = trainer.person.full_name if trainer.person is not None else trainer.username
    title = _("Umpan balik pelatih: %(name)s", name=name)
    trained = trained_session_ids(trainer)
    ids = _visible(select(TrainingSession.id).where(TrainingSession.id.in_(trained)))
    return _page(fmt, title, f"umpan-balik-pelatih-{trainer.id}", ids, url_for(".index"))
