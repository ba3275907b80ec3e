"""Setting up a course's quizzes (admins and national trainers, ``rules.MANAGE_QUIZZES``):
the course's quizzes and score bands on one page, a quiz's form (new, edit) and the bands'
POST. Routes of the ``quiz`` blueprint (``quiz_views``); the services audit every change."""

from __future__ import annotations

from dataclasses import astuple
from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.assessments.models import LEVELS
from training.assessments.queries import course_competencies
from training.errors import RuleViolation
from training.extensions import db
from training.learning import quiz_admin
from training.learning.models import Quiz
from training.learning.quiz_bands import FIELDS, bands_of, save_bands
from training.learning.quiz_forms import BandsForm, QuizForm
from training.learning.quiz_views import bp
from training.policy import rules
from training.policy.decorators import role_required
from training.programs.models import Course


def _bands_form(course: Course) -> BandsForm:
    """The bands' form, filled with the course's bands (a POST's values win)."""
    return BandsForm(data=dict(zip(FIELDS, astuple(bands_of(course.id)), strict=True)))


@bp.get("/courses/<int:course_id>")
@role_required(rules.MANAGE_QUIZZES)
def course(course_id):
    course = db.get_or_404(Course, course_id)
    return _course_page(course, _bands_form(course))


def _course_page(course: Course, bands_form: BandsForm):
    return render_template(
        "learning/quiz/course.html",
        course=course,
        quizzes=quiz_admin.quizzes_of(course.id),
        competencies=course_competencies(course.id),
        bands=bands_of(course.id),
        bands_form=bands_form,
        level_names=LEVELS,
    )


@bp.post("/courses/<int:course_id>/bands")
@role_required(rules.MANAGE_QUIZZES)
def bands(course_id):
    course = db.get_or_404(Course, course_id)
    form = _bands_form(course)
    if form.validate_on_submit():
        values = tuple(getattr(form, f).data for f in FIELDS)
        try:
            save_bands(course, values, actor=current_user._get_current_object())
        except RuleViolation as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Rentang nilai tersimpan."), "success")
            return redirect(url_for(".course", course_id=course.id))
    return _course_page(course, form), 400


@bp.route("/courses/<int:course_id>/new", methods=["GET", "POST"])
@role_required(rules.MANAGE_QUIZZES)
def new(course_id):
    course = db.get_or_404(Course, course_id)
    form = QuizForm()
    form.set_cycles(quiz_admin.cycles_of(course))
    if form.validate_on_submit() and _kept(form, partial(quiz_admin.create_quiz, course)):
        flash(_("Kuis dibuat."), "success")
        return redirect(url_for(".course", course_id=course.id))
    return render_template("learning/quiz/form.html", form=form, course=course, quiz=None)


@bp.route("/<int:quiz_id>/edit", methods=["GET", "POST"])
@role_required(rules.MANAGE_QUIZZES)
def edit(quiz_id):
    quiz = db.get_or_404(Quiz, quiz_id)
    form = QuizForm(obj=quiz)
    form.set_cycles(quiz_admin.cycles_of(quiz.course))
    if form.validate_on_submit() and _kept(form, partial(quiz_admin.update_quiz, quiz)):
        flash(_("Kuis diperbarui."), "success")
        return redirect(url_for(".course", course_id=quiz.course_id))
    return render_template("learning/quiz/form.html", form=form, course=quiz.course, quiz=quiz)


def _kept(form: QuizForm, write) -> bool:
    """Write the form's values (the services audit as the signed-in user)."""
    try:
        write(form.values(), actor=current_user._get_current_object())
    except RuleViolation as exc:
        db.session.rollback()
        form.form_errors.append(str(exc))
        return False
    db.session.commit()
    return True
