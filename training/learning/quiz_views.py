"""Taking a quiz: a quiz's page (start), the attempt's one page of questions (answers saved
one by one by ``static/js/quiz.js``, or all at once by the form without script), handing in,
and the review once graded. Only the person taking part in the course reaches a quiz, and
only their own attempts (anything else answers 404); a quiz of one cycle is refused (403,
with the reason) to the course's people outside that cycle. Grading is queued, never done here
(``quiz_grading.request_grading``). The admin routes of the blueprint: ``quiz_admin_views``.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from training.errors import RuleViolation
from training.extensions import db
from training.learning import quiz_pages, quiz_taking
from training.learning.models import Quiz, QuizAttempt
from training.learning.quiz import attempt_view, cycle_refusal, seconds_left
from training.learning.quiz_forms import ActionForm
from training.learning.quiz_grading import request_grading
from training.policy.materials import takes_part_in

bp = Blueprint("quiz", __name__, url_prefix="/quiz")


def _quiz_to_take(quiz_id: int) -> Quiz:
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or not quiz.is_active or not takes_part_in(current_user.person_id, quiz.course):
        abort(404)
    return quiz


def _own(attempt_id: int) -> QuizAttempt:
    """The signed-in person's attempt, with its quiz (one statement), else 404."""
    attempt = db.session.get(QuizAttempt, attempt_id, options=[joinedload(QuizAttempt.quiz)])
    if attempt is None or current_user.person_id is None:
        abort(404)
    if attempt.person_id != current_user.person_id:
        abort(404)
    return attempt


def _user():
    return current_user._get_current_object()


@bp.get("/<int:quiz_id>")
@login_required
def show(quiz_id):
    quiz = _quiz_to_take(quiz_id)
    if refusal := cycle_refusal(quiz, current_user.person_id):
        return render_template("learning/quiz/refused.html", quiz=quiz, refusal=refusal), 403
    states = quiz_pages.quiz_states(current_user.person_id, course_id=quiz.course_id)
    state = next(s for s in states if s.quiz.id == quiz.id)
    return render_template("learning/quiz/show.html", state=state, form=ActionForm())


@bp.post("/<int:quiz_id>/start")
@login_required
def start(quiz_id):
    quiz = _quiz_to_take(quiz_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        attempt = quiz_taking.begin(quiz, current_user.person, _user())
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "warning")
        return redirect(url_for(".show", quiz_id=quiz.id))
    attempt_id = attempt.id  # read before the commit expires the attempt
    db.session.commit()
    return redirect(url_for(".attempt", attempt_id=attempt_id))


@bp.get("/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id):
    attempt = _own(attempt_id)
    if attempt.closed_at is not None:
        return redirect(url_for(".review", attempt_id=attempt.id))
    context = quiz_pages.attempt_context(attempt)
    if context["grading"]:
        request_grading(attempt)  # queued (in-process without a broker)
        db.session.refresh(attempt)
        if attempt.closed_at is not None:
            return redirect(url_for(".review", attempt_id=attempt.id))
    return render_template("learning/quiz/attempt.html", form=ActionForm(), **context)


@bp.post("/attempts/<int:attempt_id>/answer")
@login_required
def answer(attempt_id):
    """One answer as JSON ``{"position": n, "value": ...}`` (CSRF in X-CSRFToken), or the
    page's own fields of a question as a form; answers JSON."""
    attempt = _own(attempt_id)
    data = request.get_json(silent=True)
    if data is None:
        answers = quiz_taking.form_answers(attempt, request.form)
    elif isinstance(data, dict) and isinstance(data.get("position"), int):
        answers = {data["position"]: data.get("value")}
    else:
        answers = {}
    if not answers:
        return jsonify(error=_("Jawaban tidak sah untuk soal ini.")), 400
    left = seconds_left(attempt)  # read before the commit expires the attempt
    try:
        quiz_taking.answer_all(attempt, answers, _user())
    except RuleViolation as exc:
        db.session.rollback()
        return jsonify(error=str(exc), seconds_left=left), 409
    db.session.commit()
    return jsonify(saved=True, seconds_left=left)


@bp.post("/attempts/<int:attempt_id>/save")
@login_required
def save(attempt_id):
    """The form without script: every answer given, at once."""
    attempt = _own(attempt_id)
    if _saved_from_form(attempt):
        flash(_("Jawaban tersimpan."), "success")
    return redirect(url_for(".attempt", attempt_id=attempt.id))


@bp.post("/attempts/<int:attempt_id>/submit")
@login_required
def submit(attempt_id):
    attempt = _own(attempt_id)
    if attempt.closed_at is None and _saved_from_form(attempt, quiet_after_deadline=True):
        quiz_taking.hand_in(attempt, _user())
        db.session.commit()
        request_grading(attempt)
    return redirect(url_for(".attempt", attempt_id=attempt.id))


def _saved_from_form(attempt: QuizAttempt, *, quiet_after_deadline: bool = False) -> bool:
    """Keep the posted form's answers; False (with the reason shown) when refused. After
    the deadline a hand-in keeps the answers saved in time and drops the form's."""
    if not ActionForm().validate_on_submit():
        abort(400)
    answers = quiz_taking.form_answers(attempt, request.form)
    if quiet_after_deadline and not attempt_view(attempt)["is_open"]:
        return True
    try:
        quiz_taking.answer_all(attempt, answers, _user())
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "warning")
        return False
    db.session.commit()
    return True


@bp.get("/attempts/<int:attempt_id>/review")
@login_required
def review(attempt_id):
    attempt = _own(attempt_id)
    if attempt.closed_at is None:
        return redirect(url_for(".attempt", attempt_id=attempt.id))
    return render_template("learning/quiz/review.html", **quiz_pages.review_context(attempt))
