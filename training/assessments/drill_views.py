"""Response drill pages: a session's drills and the start form (its trainers), the scoring
board (trainers score and finish; commanders read their subtree's rows), and the
participant's side ("Latihan respons saya", one mention after another). The scenario bank's
pages are added by ``drill_bank_views``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from training.assessments import drill_pages, drill_results, drill_services
from training.assessments.drill_forms import (
    FinishForm,
    ReplyForm,
    StartDrillForm,
    chosen_scenarios,
    parse_scores,
)
from training.assessments.drill_models import Drill
from training.assessments.drill_scenarios import CATEGORY_LABELS, PLATFORM_LABELS, scenarios
from training.core.guards import db_id
from training.errors import RuleViolation
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.sessions import may_run_drill, session_to_see_or_404
from training.programs.forms import SCALE
from training.sessions import lifecycle

bp = Blueprint("drills", __name__, url_prefix="/assessments/drills")


@bp.record_once
def _labels(state) -> None:
    """The category and platform words of the drill templates (macros included)."""
    state.app.jinja_env.globals.update(
        drill_categories=CATEGORY_LABELS, drill_platforms=PLATFORM_LABELS
    )


def _user():
    return current_user._get_current_object()


def _session_to_run_or_404(session_id: int):
    training_session = session_to_see_or_404(current_user, session_id)
    if not may_run_drill(current_user, training_session):
        abort(403)
    return training_session


def _drill_to_see_or_404(drill_id: int) -> Drill:
    drill = db.get_or_404(Drill, drill_id)
    session_to_see_or_404(current_user, drill.session_id)
    return drill


def _drill_to_run_or_404(drill_id: int) -> Drill:
    drill = db.get_or_404(Drill, drill_id)
    _session_to_run_or_404(drill.session_id)
    return drill


# --- the trainer's side -------------------------------------------------------------------


@bp.get("/sessions/<int:session_id>")
@role_required(rules.READ_PROGRAMME)
def session_drills(session_id):
    training_session = session_to_see_or_404(current_user, session_id)
    may_run = may_run_drill(current_user, training_session)
    return render_template(
        "assessments/drill/session.html",
        s=training_session,
        drills=drill_pages.session_drills(session_id),
        may_run=may_run,
        running=lifecycle.stage(training_session) == lifecycle.Stage.RUNNING,
        competency=drill_services.drill_competency(training_session.course),
        scenarios=scenarios(active_only=True) if may_run else [],
        form=StartDrillForm(),
    )


@bp.post("/sessions/<int:session_id>/start")
@role_required(rules.READ_PROGRAMME)
def start(session_id):
    training_session = _session_to_run_or_404(session_id)
    form = StartDrillForm()
    back = redirect(url_for(".session_drills", session_id=session_id))
    if not form.validate_on_submit():
        flash(
            " ".join(map(str, form.count.errors)) or _("Formulir kedaluwarsa; coba lagi."), "error"
        )
        return back
    try:
        drill = drill_services.start_drill(
            training_session,
            actor=_user(),
            scenario_ids=chosen_scenarios(request.form),
            count=form.count.data,
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return back
    db.session.commit()
    flash(_("Latihan respons dimulai dengan %(n)d mention.", n=len(drill.items)), "success")
    return redirect(url_for(".board", drill_id=drill.id))


@bp.get("/<int:drill_id>")
@role_required(rules.READ_PROGRAMME)
def board(drill_id):
    drill = _drill_to_see_or_404(drill_id)
    return _render_board(drill)


def _render_board(drill, typed=None, errors=None):
    may_run = may_run_drill(current_user, drill.session)
    return render_template(
        "assessments/drill/board.html",
        drill=drill,
        s=drill.session,
        board=drill_pages.board(drill, _user(), everyone=may_run),
        may_run=may_run,
        levels={n: str(label) for n, label in SCALE.items()},
        typed=typed or {},
        errors=errors or {},
        finish_form=FinishForm(formdata=None),
    )


@bp.post("/<int:drill_id>/scores")
@role_required(rules.READ_PROGRAMME)
def scores(drill_id):
    drill = _drill_to_run_or_404(drill_id)
    typed = parse_scores(request.form)
    try:
        changed = drill_results.save_scores(drill, typed, actor=_user())
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _render_board(drill, typed, getattr(exc, "errors", {})), 422
    db.session.commit()
    flash(_("Nilai disimpan: %(n)d balasan berubah.", n=changed), "success")
    return redirect(url_for(".board", drill_id=drill.id))


@bp.post("/<int:drill_id>/finish")
@role_required(rules.READ_PROGRAMME)
def finish(drill_id):
    drill = _drill_to_run_or_404(drill_id)
    form = FinishForm()
    if not form.validate_on_submit():
        flash(
            " ".join(map(str, form.confirm.errors)) or _("Formulir kedaluwarsa; coba lagi."),
            "error",
        )
        return redirect(url_for(".board", drill_id=drill.id))
    try:
        results = drill_results.finish_drill(drill, actor=_user())
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".board", drill_id=drill.id))
    db.session.commit()
    flash(_("Latihan selesai: nilai ADUAN %(n)d peserta dicatat.", n=len(results)), "success")
    return redirect(url_for(".board", drill_id=drill.id))


# --- the participant's side ---------------------------------------------------------------


@bp.get("/mine")
@login_required
def mine():
    person = current_user.person
    rows = drill_pages.my_drills(person.id) if person is not None else []
    levels = {n: str(label) for n, label in SCALE.items()}
    return render_template("assessments/drill/mine.html", rows=rows, levels=levels)


def _drill_to_play_or_404(drill_id: int) -> Drill:
    drill = db.get_or_404(Drill, drill_id)
    if not drill_services.is_enrolled(drill, current_user.person_id):
        abort(404)
    return drill


@bp.get("/<int:drill_id>/play")
@login_required
def play(drill_id):
    drill = _drill_to_play_or_404(drill_id)
    return _render_play(drill, ReplyForm(formdata=None))


def _render_play(drill, form, status=200):
    person_id = current_user.person_id
    return render_template(
        "assessments/drill/play.html",
        drill=drill,
        turn=drill_pages.turn(drill, person_id),
        present=person_id in drill_services.present_ids(drill.session_id),
        form=form,
        levels={n: str(label) for n, label in SCALE.items()},
    ), status


@bp.post("/<int:drill_id>/show")
@login_required
def show(drill_id):
    drill = _drill_to_play_or_404(drill_id)
    try:
        drill_services.show_next(drill, current_user.person, actor=_user())
        db.session.commit()
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "error")
    except IntegrityError:  # a double click: the first request showed the mention
        db.session.rollback()
    return redirect(url_for(".play", drill_id=drill.id))


@bp.post("/<int:drill_id>/reply")
@login_required
def reply(drill_id):
    drill = _drill_to_play_or_404(drill_id)
    form = ReplyForm()
    try:
        if not form.validate_on_submit():
            raise RuleViolation(
                " ".join(map(str, form.text.errors)) or _("Formulir kedaluwarsa; kirim lagi.")
            )
        item_id = request.form.get("item_id", 0, type=db_id)
        drill_services.submit_reply(
            drill, current_user.person, item_id, form.text.data, actor=_user()
        )
    except RuleViolation as exc:
        db.session.rollback()
        form.text.errors = [str(exc)]
        return _render_play(drill, form, 422)
    db.session.commit()
    flash(_("Balasan terkirim."), "success")
    return redirect(url_for(".play", drill_id=drill.id))
