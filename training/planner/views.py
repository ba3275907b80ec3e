"""Cycle planner pages: pick a cycle, propose, review drafts by tier and region, publish."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.errors import RuleViolation
from training.extensions import db
from training.planner import drafts as draft_services
from training.planner import queries
from training.planner.forms import MoveDraftForm, PublishForm
from training.planner.scheduling import PlannerSettings
from training.planner.services import propose_cycle
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.planning import may_plan_cycle, may_see_draft
from training.policy.scope import scope_of
from training.programs.models import Cycle, Program
from training.sessions.models import SessionStatus, TrainingSession

bp = Blueprint("planner", __name__, url_prefix="/planner")


def _load(program_id: int, cycle_id: int) -> tuple[Program, Cycle]:
    program = db.get_or_404(Program, program_id)
    cycle = db.get_or_404(Cycle, cycle_id)
    if cycle.program_id != program.id:
        abort(404)
    return program, cycle


def _draft_or_404(cycle: Cycle, session_id: int) -> TrainingSession:
    draft = db.session.get(TrainingSession, session_id)
    if draft is None or draft.cycle_id != cycle.id:
        abort(404)
    if not may_see_draft(current_user, draft):
        abort(404)
    return draft


def _back(program: Program, cycle: Cycle):
    return redirect(url_for(".review", program_id=program.id, cycle_id=cycle.id))


def _publish_form(program: Program) -> PublishForm:
    form = PublishForm()
    form.tier.choices = [("", _("Semua tingkat satuan"))] + [
        (str(c.tier), _("Tingkat %(n)d", n=c.tier)) for c in program.courses
    ]
    return form


@bp.get("/")
@role_required(rules.READ_PROGRAMME)
def index():
    return render_template("planner/index.html", programs=queries.cycles_by_program())


@bp.get("/<int:program_id>/<int:cycle_id>")
@role_required(rules.READ_PROGRAMME)
def review(program_id, cycle_id):
    program, cycle = _load(program_id, cycle_id)
    scope = scope_of(current_user)
    return render_template(
        "planner/review.html",
        program=program,
        cycle=cycle,
        review=queries.review(program, cycle, scope),
        can_propose=may_plan_cycle(current_user),
        can_manage=rules.PLAN(current_user),
        may_override=rules.OVERRIDE_RULES(current_user),
        publish_form=_publish_form(program),
        move_form=MoveDraftForm(),
    )


def _commit_or_flash(action) -> tuple[bool, object]:
    """Run the service call ``action`` and commit: ``(True, its result)``; on a refusal roll
    back and flash it: ``(False, None)``."""
    try:
        result = action()
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return False, None
    db.session.commit()
    return True, result


@bp.post("/<int:program_id>/<int:cycle_id>/propose")
@role_required(rules.PLAN)
def propose(program_id, cycle_id):
    program, cycle = _load(program_id, cycle_id)
    if not may_plan_cycle(current_user):
        abort(403)
    done, proposal = _commit_or_flash(
        lambda: propose_cycle(
            program,
            cycle,
            actor=current_user,
            settings=PlannerSettings.from_config(current_app.config),
        )
    )
    if done:
        _flash_proposal(proposal)
    return _back(program, cycle)


def _flash_proposal(proposal) -> None:
    unplaced = proposal.total("unplaced")
    flash(
        _(
            "Usulan dibuat: %(sessions)d sesi draf, %(placed)d peserta terjadwal, "
            "%(unplaced)d orang belum mendapat jadwal; %(replaced)d draf lama diganti.",
            sessions=len(proposal.session_ids),
            placed=proposal.total("placed"),
            unplaced=unplaced,
            replaced=proposal.replaced,
        ),
        "warning" if unplaced else "success",
    )


def _config():
    return current_app.config


@bp.post("/<int:program_id>/<int:cycle_id>/publish")
@role_required(rules.PLAN)
def publish(program_id, cycle_id):
    program, cycle = _load(program_id, cycle_id)
    form = _publish_form(program)
    if not form.validate_on_submit():
        flash(_("Formulir penerbitan tidak valid."), "danger")
        return _back(program, cycle)
    tier, reason = _publish_choice(form)
    if form.override.data and not reason:
        flash(_("Tuliskan alasan untuk melewati gerbang berjenjang."), "danger")
        return _back(program, cycle)
    done, result = _commit_or_flash(
        lambda: draft_services.publish(cycle, actor=current_user, override_reason=reason, tier=tier)
    )
    if done:
        _flash_published(result)
    return _back(program, cycle)


def _publish_choice(form: PublishForm) -> tuple[int | None, str]:
    """The tier to publish (None: every tier) and the override reason ("" without override)."""
    tier = form.tier.data or ""
    tier = int(tier) if tier.isascii() and tier.isdigit() and len(tier) < 3 else None
    reason = (form.override_reason.data or "").strip() if form.override.data else ""
    return tier, reason


def _flash_published(result) -> None:
    """The count of published, overridden and held drafts, then up to five reasons held."""
    flash(
        _(
            "%(published)d sesi diterbitkan (%(overridden)d dengan pengecualian), "
            "%(held)d tetap draf.",
            published=len(result.published),
            overridden=result.overridden,
            held=len(result.held),
        ),
        "warning" if result.held else "success",
    )
    reasons = list(dict.fromkeys(h.reason for h in result.held))
    for reason_text in reasons[:5]:
        flash(reason_text, "warning")
    if len(reasons) > 5:
        flash(_("… dan %(n)d alasan lain.", n=len(reasons) - 5), "warning")


@bp.post("/<int:program_id>/<int:cycle_id>/drafts/<int:session_id>/remove")
@role_required(rules.PLAN)
def remove(program_id, cycle_id, session_id):
    program, cycle = _load(program_id, cycle_id)
    draft = _draft_or_404(cycle, session_id)
    done, _result = _commit_or_flash(lambda: draft_services.remove_draft(draft, actor=current_user))
    if done:
        flash(_("Draf sesi dihapus."), "success")
    return _back(program, cycle)


@bp.post("/<int:program_id>/<int:cycle_id>/drafts/<int:session_id>/move")
@role_required(rules.PLAN)
def move(program_id, cycle_id, session_id):
    program, cycle = _load(program_id, cycle_id)
    draft = _draft_or_404(cycle, session_id)
    form = MoveDraftForm()
    if not form.validate_on_submit():
        errors = [e for field in form for e in field.errors]
        flash(" ".join(str(e) for e in errors) or _("Isian tidak valid."), "danger")
        return _back(program, cycle)
    if draft.status != SessionStatus.DRAFT:
        flash(_("Sesi ini sudah diterbitkan; ubah melalui halaman sesi."), "danger")
        return _back(program, cycle)
    reason = form.override_reason.data or ""
    done, _result = _commit_or_flash(
        lambda: draft_services.move_draft(
            draft, form.day.data, form.start.data, actor=current_user, override_reason=reason
        )
    )
    if done:
        flash(_("Jadwal draf diperbarui."), "success")
    return _back(program, cycle)
