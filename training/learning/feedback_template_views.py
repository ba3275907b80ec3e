"""Editing the feedback survey (admins and national trainers): add, change, move and remove
questions. Routes of the ``feedback`` blueprint (``feedback_views``). A change to a version
already answered goes to a new version (``feedback_services.editable_template``); every
change is a POST, checked by ``policy.feedback.may_edit_feedback_template`` (403 for others)
and audited by the services.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.errors import RuleViolation
from training.extensions import db
from training.learning import feedback_services as services
from training.learning.feedback_forms import ActionForm, MoveForm, QuestionForm
from training.learning.feedback_models import FeedbackQuestion, FeedbackTemplate
from training.learning.feedback_views import bp
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.feedback import may_edit_feedback_template

EDIT = rules.MANAGE_FEEDBACK_TEMPLATE


def _editor() -> None:
    if not may_edit_feedback_template(current_user):
        abort(403)


def _question(question_id: int) -> FeedbackQuestion:
    _editor()
    return db.get_or_404(FeedbackQuestion, question_id)


def _versions() -> list[FeedbackTemplate]:
    stmt = db.select(FeedbackTemplate).order_by(FeedbackTemplate.version.desc())
    return list(db.session.scalars(stmt))


def _render_template_page(form: QuestionForm):
    template = services.ensure_template()
    db.session.commit()  # the default template, made once on a database without one
    return render_template(
        "learning/feedback/template.html",
        template=template,
        answered=services.is_answered(template),
        versions=_versions(),
        form=form,
        action_form=ActionForm(),
        kind_labels=services.KIND_LABELS,
    )


@bp.get("/template")
@role_required(EDIT)
def template():
    _editor()
    return _render_template_page(QuestionForm())


@bp.post("/template/questions")
@role_required(EDIT)
def question_add():
    _editor()
    form = QuestionForm()
    if not form.validate_on_submit():
        return _render_template_page(form), 400
    services.add_question(current_user, form.kind.data, form.prompt.data, form.is_required.data)
    db.session.commit()
    flash(_("Pertanyaan ditambahkan."), "success")
    return redirect(url_for(".template"))


@bp.route("/template/questions/<int:question_id>/edit", methods=["GET", "POST"])
@role_required(EDIT)
def question_edit(question_id):
    question = _question(question_id)
    form = QuestionForm(obj=question)
    if form.validate_on_submit():
        try:
            services.edit_question(
                question, current_user, form.kind.data, form.prompt.data, form.is_required.data
            )
        except RuleViolation as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Pertanyaan disimpan."), "success")
            return redirect(url_for(".template"))
    return render_template("learning/feedback/question_form.html", question=question, form=form)


@bp.post("/template/questions/<int:question_id>/move")
@role_required(EDIT)
def question_move(question_id):
    question = _question(question_id)
    form = MoveForm()
    if form.validate_on_submit():
        _change(lambda: services.move_question(question, current_user, form.direction.data))
    return redirect(url_for(".template"))


@bp.post("/template/questions/<int:question_id>/delete")
@role_required(EDIT)
def question_delete(question_id):
    question = _question(question_id)
    if ActionForm().validate_on_submit() and _change(
        lambda: services.remove_question(question, current_user)
    ):
        flash(_("Pertanyaan dihapus."), "success")
    return redirect(url_for(".template"))


def _change(change) -> bool:
    """Run a service change and commit, or flash its refusal; whether it went through."""
    try:
        change()
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return False
    db.session.commit()
    return True
