"""Views of the programmes feature: programmes, cycles, tiers, cascade panel and overrides."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.core.timefmt import viewer_today
from training.errors import RuleViolation
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import scope_of, unit_filter, unit_or_404
from training.programs import queries
from training.programs.cascade import check_cascade
from training.programs.forms import SCALE, CourseForm, NewProgramForm, OverrideForm, ProgramForm
from training.programs.models import Course, Program
from training.programs.services import (
    COURSE_FIELDS,
    create_course,
    create_cycle,
    create_program,
    current_cycle,
    update_course,
    update_program,
)
from training.programs.trainers import eligible_trainers
from training.units.services import unit_by_code

bp = Blueprint("programs", __name__, url_prefix="/programs")

PROGRAM_INPUTS = (
    "title",
    "description",
    "starts_on",
    "ends_on",
    "refresher_months",
    "cascade_threshold",
    "is_active",
    "signatory_name",
    "signatory_rank",
    "signatory_nrp",
    "signatory_position",
)


def _program_or_404(program_id: int) -> Program:
    return db.get_or_404(Program, program_id)


def _course_or_404(course_id: int) -> Course:
    return db.get_or_404(Course, course_id)


def _today():
    return viewer_today(current_user)


@bp.route("/")
@role_required(rules.READ_PROGRAMME)
def index():
    items = queries.programs()
    return render_template("programs/index.html", programs=items, today=_today())


@bp.route("/new", methods=["GET", "POST"])
@role_required(rules.MANAGE_PROGRAMMES)
def new():
    form = NewProgramForm()
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in PROGRAM_INPUTS}
        try:
            program = create_program(
                **values, with_default_tiers=form.with_default_tiers.data, actor=current_user
            )
            create_cycle(program, actor=current_user)
        except RuleViolation as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Program %(title)s dibuat.", title=program.title), "success")
            return redirect(url_for(".detail", program_id=program.id))
    return render_template("programs/form.html", form=form, program=None)


@bp.route("/<int:program_id>")
@role_required(rules.READ_PROGRAMME)
def detail(program_id):
    program = _program_or_404(program_id)
    scope = scope_of(current_user)
    region = unit_or_404(scope, request.args["region"]) if request.args.get("region") else None
    if region is not None and region.level == "polsek":
        abort(404)
    return render_template(
        "programs/detail.html",
        program=program,
        current=current_cycle(program, _today()),
        panel=queries.cascade_panel(program, scope, region),
        region=region,
        scale=SCALE,
    )


@bp.route("/<int:program_id>/edit", methods=["GET", "POST"])
@role_required(rules.MANAGE_PROGRAMMES)
def edit(program_id):
    program = _program_or_404(program_id)
    form = ProgramForm(obj=program)
    if form.validate_on_submit():
        try:
            update_program(
                program,
                actor=current_user,
                **{name: getattr(form, name).data for name in PROGRAM_INPUTS},
            )
        except RuleViolation as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Program %(title)s diperbarui.", title=program.title), "success")
            return redirect(url_for(".detail", program_id=program.id))
    return render_template("programs/form.html", form=form, program=program)


@bp.post("/<int:program_id>/cycles")
@role_required(rules.MANAGE_PROGRAMMES)
def cycle_create(program_id):
    program = _program_or_404(program_id)
    try:
        cycle = create_cycle(program, actor=current_user)
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("Siklus %(n)d dibuat.", n=cycle.number), "success")
    return redirect(url_for(".detail", program_id=program.id))


def _course_values(form: CourseForm) -> dict:
    return {name: getattr(form, name).data for name in COURSE_FIELDS}


@bp.route("/<int:program_id>/courses/new", methods=["GET", "POST"])
@role_required(rules.MANAGE_PROGRAMMES)
def course_new(program_id):
    program = _program_or_404(program_id)
    form = CourseForm()
    if request.method == "GET":
        form.tier.data = max((c.tier for c in program.courses), default=0) + 1
    if form.validate_on_submit():
        values = _course_values(form)
        try:
            course = create_course(program, actor=current_user, **values)
        except RuleViolation as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Kursus tingkat %(tier)d ditambahkan.", tier=course.tier), "success")
            return redirect(url_for(".detail", program_id=program.id))
    return render_template("programs/course_form.html", form=form, program=program, course=None)


@bp.route("/courses/<int:course_id>/edit", methods=["GET", "POST"])
@role_required(rules.MANAGE_PROGRAMMES)
def course_edit(course_id):
    course = _course_or_404(course_id)
    form = CourseForm(obj=course)
    if form.validate_on_submit():
        try:
            update_course(course, actor=current_user, **_course_values(form))
        except RuleViolation as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Kursus tingkat %(tier)d diperbarui.", tier=course.tier), "success")
            return redirect(url_for(".detail", program_id=course.program_id))
    return render_template(
        "programs/course_form.html", form=form, program=course.program, course=course
    )


@bp.route("/courses/<int:course_id>/overrides", methods=["GET", "POST"])
@role_required(rules.MANAGE_PROGRAMMES)
def overrides(course_id):
    course = _course_or_404(course_id)
    form = OverrideForm()
    if request.method == "GET" and request.args.get("unit"):
        form.unit_code.data = request.args["unit"]
    if form.validate_on_submit() and _record_override(course, form):
        return redirect(url_for(".overrides", course_id=course.id))
    return render_template(
        "programs/overrides.html",
        course=course,
        form=form,
        records=queries.cascade_overrides(course),
    )


def _record_override(course: Course, form: OverrideForm) -> bool:
    """Record the override the form asks for (commit) and flash the outcome; False with the
    refusal among the form's errors when the cascade gate refuses it."""
    try:
        unit = unit_by_code(form.unit_code.data)
        record = check_cascade(course, unit, user=current_user, override_reason=form.reason.data)
    except RuleViolation as exc:
        form.form_errors.append(str(exc))
        return False
    if record is None:
        flash(_("Gerbang berjenjang untuk %(unit)s sudah terbuka.", unit=unit.name), "info")
        return True
    db.session.commit()
    flash(_("Pengecualian untuk %(unit)s dicatat.", unit=record.unit.name), "success")
    return True


@bp.route("/courses/<int:course_id>/trainers")
@role_required(rules.READ_PROGRAMME)
def trainers(course_id):
    course = _course_or_404(course_id)
    unit, unit_error = unit_filter(scope_of(current_user), request.args.get("unit", "").strip())
    choices = eligible_trainers(course, unit, _today()) if unit is not None else None
    return render_template(
        "programs/trainers.html", course=course, unit=unit, unit_error=unit_error, choices=choices
    )
