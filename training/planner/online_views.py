"""The planner's online refresher proposals of a cycle, and accepting one (a trainer who
plans, for a Polda in their scope)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.core.guards import db_id
from training.core.timefmt import local_day
from training.errors import RuleViolation
from training.extensions import db
from training.planner.online_refreshers import accept, proposals
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import scope_of, unit_or_404
from training.programs.models import Course, Cycle, Program

bp = Blueprint("planner_online", __name__, url_prefix="/planner")


def _load(program_id: int, cycle_id: int) -> tuple[Program, Cycle]:
    program, cycle = db.get_or_404(Program, program_id), db.get_or_404(Cycle, cycle_id)
    if cycle.program_id != program.id:
        abort(404)
    return program, cycle


@bp.get("/<int:program_id>/<int:cycle_id>/online")
@role_required(rules.READ_PROGRAMME)
def proposals_page(program_id, cycle_id):
    program, cycle = _load(program_id, cycle_id)
    return render_template(
        "planner/online.html",
        program=program,
        cycle=cycle,
        proposals=proposals(program, cycle, scope_of(current_user), local_day()),
        can_accept=rules.PLAN(current_user),
    )


@bp.post("/<int:program_id>/<int:cycle_id>/online")
@role_required(rules.PLAN)
def accept_proposal(program_id, cycle_id):
    program, cycle = _load(program_id, cycle_id)
    scope = scope_of(current_user)
    polda = unit_or_404(scope, request.form.get("unit", "")[:32])
    course = db.session.get(Course, request.form.get("course", 0, type=db_id))
    if course is None or course.program_id != program.id:
        abort(404)
    try:
        offering, n = accept(course, polda, cycle, scope, actor=current_user, today=local_day())
    except RuleViolation as exc:
        flash(str(exc), "error")
        return redirect(url_for(".proposals_page", program_id=program.id, cycle_id=cycle.id))
    db.session.commit()
    flash(_("Penyegaran daring dibuat: %(n)d personel didaftarkan.", n=n), "success")
    return redirect(url_for("online.detail", offering_id=offering.id))
