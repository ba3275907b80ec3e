"""Online refresher pages: a course's offerings and a new one (with its unit in the
viewer's scope), an offering's page (staff: the target preview and the enrol button;
an enrolled participant: what is left and the completion button), and its two POSTs.

Staff outside the offering's unit scope, and participants not enrolled, get 404.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from training.errors import RuleViolation
from training.extensions import db
from training.learning import online
from training.learning.materials_forms import ActionForm
from training.learning.online_forms import OfferingForm
from training.learning.online_models import OnlineOffering
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import can_see_unit, scope_of
from training.programs.models import Course
from training.units.models import Unit

bp = Blueprint("online", __name__, url_prefix="/online")


def _staff_offering_or_404(offering_id: int) -> OnlineOffering:
    offering = db.session.get(OnlineOffering, offering_id)
    if offering is None or not can_see_unit(scope_of(current_user), offering.unit):
        abort(404)
    return offering


@bp.route("/courses/<int:course_id>", methods=["GET", "POST"])
@role_required(rules.READ_PROGRAMME)
def course(course_id):
    course = db.get_or_404(Course, course_id)
    form, may_create = OfferingForm(), rules.MANAGE_SESSIONS(current_user)
    if form.is_submitted() and not may_create:
        abort(403)
    if may_create and form.validate_on_submit():
        offering = _created(course, form)
        if offering is not None:
            return redirect(url_for(".detail", offering_id=offering.id))
    return render_template(
        "learning/online/course.html",
        course=course,
        offerings=online.offerings_of(course),
        form=form,
        may_create=may_create,
    )


def _created(course, form) -> OnlineOffering | None:
    unit = db.session.scalar(select(Unit).where(Unit.code == form.unit.data.strip()))
    if unit is None or not can_see_unit(scope_of(current_user), unit):
        form.unit.errors.append(_("Satuan tidak ditemukan dalam lingkup Anda."))
        return None
    try:
        offering = online.create_offering(
            course,
            unit,
            form.title.data or "",
            form.opens_on.data,
            form.closes_on.data,
            actor=current_user,
        )
    except RuleViolation as exc:
        flash(str(exc), "error")
        return None
    db.session.commit()
    flash(_("Penyegaran daring dibuat; periksa pratinjau sasaran lalu daftarkan."), "success")
    return offering


@bp.get("/<int:offering_id>")
@login_required
def detail(offering_id):
    offering = db.session.get(OnlineOffering, offering_id) or abort(404)
    enrolment = online.enrolment_of(offering, current_user.person_id)
    staff = rules.READ_PROGRAMME(current_user) and can_see_unit(
        scope_of(current_user), offering.unit
    )
    if not staff and enrolment is None:
        abort(404)
    return render_template(
        "learning/online/detail.html",
        offering=offering,
        enrolment=enrolment,
        mine=online.steps_done(offering, current_user.person) if enrolment else None,
        staff=staff,
        preview=online.preview(offering) if staff else None,
        counts=online.enrolled_count(offering) if staff else None,
        may_enrol=staff and rules.MANAGE_SESSIONS(current_user),
        action_form=ActionForm(),
        pass_score=current_app.config["ONLINE_PASS_SCORE"],
    )


@bp.post("/<int:offering_id>/enrol")
@role_required(rules.MANAGE_SESSIONS)
def enrol(offering_id):
    offering = _staff_offering_or_404(offering_id)
    if ActionForm().validate_on_submit():
        added = online.enrol_targets(offering, actor=current_user)
        db.session.commit()
        flash(_("%(n)d personel sasaran didaftarkan.", n=added), "success")
    return redirect(url_for(".detail", offering_id=offering.id))


@bp.post("/<int:offering_id>/complete")
@login_required
def complete(offering_id):
    offering = db.session.get(OnlineOffering, offering_id) or abort(404)
    enrolment = online.enrolment_of(offering, current_user.person_id)
    if enrolment is None:
        abort(404)
    if ActionForm().validate_on_submit():
        try:
            done = online.complete(
                enrolment, current_user.person, actor=current_user, now=datetime.now(UTC)
            )
        except RuleViolation as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            if done:
                flash(_("Penyegaran daring selesai tercatat."), "success")
    return redirect(url_for(".detail", offering_id=offering.id))
