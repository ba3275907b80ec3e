"""Question bank pages: the banks per competency, a bank's questions, a question's form,
import (GIFT or Aiken, preview first) and export. Trainers read; admins and national
trainers edit (``rules.READ_QUESTION_BANK``, ``rules.EDIT_QUESTION_BANK``)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.assessments.models import Competency
from training.core.importflow import ConfirmForm
from training.core.importstash import discard
from training.errors import RuleViolation
from training.extensions import db
from training.learning import pages, queries, services
from training.learning.bankio import FORMATS, export_bank
from training.learning.forms import KIND_LABELS, ImportForm, QuestionForm, form_values
from training.learning.models import Question
from training.policy import rules
from training.policy.decorators import role_required

bp = Blueprint("learning", __name__, url_prefix="/learning")


def _user():
    return current_user._get_current_object()


def _saved(competency, form, question=None) -> bool:
    """Save the form's question; False (the form keeps what was typed) when refused."""
    try:
        bank = services.bank_for(competency)
        services.save_question(bank, form.to_data(), question=question, actor=_user())
    except RuleViolation as exc:
        db.session.rollback()
        form.form_errors.append(str(exc))
        return False
    db.session.commit()
    return True


@bp.get("/banks")
@role_required(rules.READ_QUESTION_BANK)
def index():
    return render_template("learning/index.html", banks=queries.banks_overview())


@bp.get("/banks/<int:competency_id>")
@role_required(rules.READ_QUESTION_BANK)
def detail(competency_id):
    competency = db.get_or_404(Competency, competency_id)
    context = pages.bank_context(competency, request.args.get("tag", "")[:50])
    return render_template("learning/detail.html", kinds=KIND_LABELS, **context)


@bp.route("/banks/<int:competency_id>/questions/new", methods=["GET", "POST"])
@role_required(rules.EDIT_QUESTION_BANK)
def new(competency_id):
    competency = db.get_or_404(Competency, competency_id)
    form = QuestionForm()
    if form.validate_on_submit() and _saved(competency, form):
        flash(_("Soal ditambahkan ke bank %(code)s.", code=competency.code), "success")
        return redirect(url_for(".detail", competency_id=competency.id))
    return render_template("learning/form.html", form=form, competency=competency, question=None)


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@role_required(rules.EDIT_QUESTION_BANK)
def edit(question_id):
    question = db.get_or_404(Question, question_id)
    competency = question.bank.competency
    if request.method == "POST":
        form = QuestionForm()
    else:
        form = QuestionForm(data=form_values(services.to_data(question)))
    if form.validate_on_submit() and _saved(competency, form, question):
        flash(_("Soal diperbarui."), "success")
        return redirect(url_for(".detail", competency_id=competency.id))
    return render_template(
        "learning/form.html", form=form, competency=competency, question=question
    )


@bp.post("/questions/<int:question_id>/delete")
@role_required(rules.EDIT_QUESTION_BANK)
def delete(question_id):
    question = db.get_or_404(Question, question_id)
    competency_id = question.bank.competency_id
    services.delete_question(question, actor=_user())
    db.session.commit()
    flash(_("Soal dihapus dari bank."), "success")
    return redirect(url_for(".detail", competency_id=competency_id))


@bp.route("/banks/<int:competency_id>/import", methods=["GET", "POST"])
@role_required(rules.EDIT_QUESTION_BANK)
def import_(competency_id):
    competency = db.get_or_404(Competency, competency_id)
    form = ImportForm()
    context = {}
    if form.validate_on_submit():
        context = pages.check_upload(competency, form, _user())
        db.session.rollback()  # a preview writes nothing
    return render_template(
        "learning/import.html", form=form, competency=competency, kinds=KIND_LABELS, **context
    )


@bp.post("/banks/<int:competency_id>/import/confirm")
@role_required(rules.EDIT_QUESTION_BANK)
def import_confirm(competency_id):
    competency = db.get_or_404(Competency, competency_id)
    form = ConfirmForm()
    added, message = pages.confirm_upload(competency, form, _user())
    if added is None:
        db.session.rollback()
        flash(message, "warning")
        return redirect(url_for(".import_", competency_id=competency.id))
    db.session.commit()
    discard(form.token.data)
    flash(message, "success")
    return redirect(url_for(".detail", competency_id=competency.id))


@bp.get("/banks/<int:competency_id>/export/<fmt>")
@role_required(rules.READ_QUESTION_BANK)
def export(competency_id, fmt):
    competency = db.get_or_404(Competency, competency_id)
    if fmt not in FORMATS:
        abort(404)
    text, _left_out = export_bank(queries.bank_questions(queries.bank_of(competency.id)), fmt)
    name = f"bank-{competency.code.lower()}" + (".gift" if fmt == "gift" else "-aiken.txt")
    disposition = f"attachment; filename={name}"
    return Response(text, mimetype="text/plain", headers={"Content-Disposition": disposition})
