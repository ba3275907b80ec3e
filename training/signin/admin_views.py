"""A unit's sign-in accounts, for admins and the unit's commanders: provision through a
preview, print the activation sheet, a new code for one account, leavers."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from training.auth.codes import format_code
from training.auth.models import User
from training.auth.provisioning import is_pending, preview
from training.core.guards import db_id
from training.extensions import db
from training.people.status import set_active
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import person_or_404, scope_of, unit_or_404
from training.policy.signin import may_give_code
from training.programs.models import Course
from training.programs.queries import course_choices
from training.signin import services
from training.signin.forms import ActionForm, ProvisionForm, SheetForm
from training.signin.letters import public_url
from training.signin.sheet import render_sheet
from training.signin.views import bp


def _course(value) -> Course | None:
    """The course chosen by id; None for no choice or anything but an id ("²" included)."""
    try:
        return db.session.get(Course, db_id(str(value or "")))
    except ValueError:
        return None


def _positions(course: Course | None):
    return list(course.target_positions or []) if course is not None else None


@bp.route("/signin/units/<code>")
@role_required(rules.MANAGE_SIGN_IN)
def unit(code):
    unit = unit_or_404(scope_of(current_user), code)
    course = _course(request.args.get("course"))
    page = db.paginate(
        services.people_of(unit),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "signin/unit.html", unit=unit, course=course, courses=course_choices(),
        counts=preview(unit, _positions(course)), page=page, is_pending=is_pending,
        may_give_code=lambda user: may_give_code(current_user, user),
        accounts=services.accounts_of(page.items),
        provision_form=ProvisionForm(course=course.id if course else ""),
        sheet_form=SheetForm(), action_form=ActionForm(),
    )  # fmt: skip


@bp.post("/signin/units/<code>/provision")
@role_required(rules.MANAGE_SIGN_IN)
def provision(code):
    unit = unit_or_404(scope_of(current_user), code)
    form = ProvisionForm()
    if form.validate_on_submit():
        course = _course(form.course.data)
        created, mailed = services.provision_unit(unit, _positions(course), actor=current_user)
        db.session.commit()
        flash(
            _("%(n)d akun dibuat; %(m)d email aktivasi masuk antrean kirim.", n=created, m=mailed),
            "success",
        )
    return redirect(url_for("signin.unit", code=unit.code))


@bp.post("/signin/units/<code>/sheet")
@role_required(rules.MANAGE_SIGN_IN)
def sheet(code):
    unit = unit_or_404(scope_of(current_user), code)
    form = SheetForm()
    if not form.validate_on_submit():
        return redirect(url_for("signin.unit", code=unit.code))
    slips = services.sheet_slips(unit, form.everyone.data, actor=current_user)
    db.session.commit()
    title = _("Lembar aktivasi akun — %(unit)s", unit=unit.name)
    until = services.valid_until(datetime.now(UTC), unit.timezone)
    body = render_sheet(title, slips, public_url("signin.activate"), until)
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="aktivasi-{unit.code}.pdf"'},
    )


@bp.post("/signin/users/<int:user_id>/code")
@role_required(rules.MANAGE_SIGN_IN)
def new_code(user_id):
    user = db.session.get(User, user_id)
    if user is None or not may_give_code(current_user, user):
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    code = services.new_code(user, actor=current_user)
    db.session.commit()
    return render_template(
        "signin/new_code.html", user=user, code=format_code(code),
        address=public_url("signin.activate"), until=services.valid_until(datetime.now(UTC)),
    )  # fmt: skip


def _mark(person_id: int, active: bool):
    person = person_or_404(scope_of(current_user), person_id)
    if ActionForm().validate_on_submit() and set_active(person, active, actor=current_user):
        db.session.commit()
        name = person.full_name
        if active:
            flash(_("%(name)s aktif kembali.", name=name), "success")
        else:
            flash(_("%(name)s ditandai keluar; akunnya dinonaktifkan.", name=name), "success")
    return redirect(url_for("signin.unit", code=person.unit.code))


@bp.post("/signin/people/<int:person_id>/leave")
@role_required(rules.MANAGE_PEOPLE)
def person_leave(person_id):
    return _mark(person_id, False)


@bp.post("/signin/people/<int:person_id>/return")
@role_required(rules.MANAGE_PEOPLE)
def person_return(person_id):
    return _mark(person_id, True)
