"""Assessment pages: the competency framework, a course's competencies and weights, the
assessment grid per session or per course and unit, a person's history, "Nilai saya"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from training.assessments import pages, queries, services
from training.assessments.forms import CompetencyForm, parse_grid, parse_weights
from training.assessments.models import Competency
from training.errors import RuleViolation
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import person_or_404, scope_of, unit_filter
from training.policy.sessions import may_assess_session, session_to_see_or_404
from training.programs.forms import SCALE
from training.programs.models import Course


def _levels() -> dict[int, str]:
    """The scale in the interface language (1 Kurang .. 5 Istimewa)."""
    return {n: str(label) for n, label in SCALE.items()}


bp = Blueprint("assessments", __name__, url_prefix="/assessments")

COMPETENCY_FIELDS = ("code", "name", "description", "position")


def _user():
    return current_user._get_current_object()


def _can_record() -> bool:
    return rules.ASSESS(current_user)


@bp.get("/")
@role_required(rules.READ_PROGRAMME)
def index():
    return render_template(
        "assessments/index.html",
        courses=queries.courses_for_index(),
        may_manage_framework=rules.MANAGE_PROGRAMMES(current_user),
    )


# --- the framework (admins) ---------------------------------------------------------------


@bp.get("/competencies")
@role_required(rules.MANAGE_PROGRAMMES)
def competencies():
    return render_template("assessments/competencies.html", items=queries.competencies())


@bp.route("/competencies/new", methods=["GET", "POST"])
@role_required(rules.MANAGE_PROGRAMMES)
def competency_new():
    form = CompetencyForm()
    if form.validate_on_submit():
        try:
            item = services.create_competency(
                **{f: getattr(form, f).data for f in COMPETENCY_FIELDS}, actor=current_user
            )
        except RuleViolation as exc:
            db.session.rollback()
            form.code.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Kompetensi %(code)s dibuat.", code=item.code), "success")
            return redirect(url_for(".competencies"))
    return render_template("assessments/competency_form.html", form=form, item=None)


@bp.route("/competencies/<int:competency_id>/edit", methods=["GET", "POST"])
@role_required(rules.MANAGE_PROGRAMMES)
def competency_edit(competency_id):
    item = db.get_or_404(Competency, competency_id)
    form = CompetencyForm(obj=item)
    if form.validate_on_submit():
        try:
            services.update_competency(
                item, **{f: getattr(form, f).data for f in COMPETENCY_FIELDS}, actor=current_user
            )
        except RuleViolation as exc:
            db.session.rollback()
            form.code.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Kompetensi %(code)s diperbarui.", code=item.code), "success")
            return redirect(url_for(".competencies"))
    return render_template("assessments/competency_form.html", form=form, item=item)


@bp.post("/competencies/<int:competency_id>/toggle")
@role_required(rules.MANAGE_PROGRAMMES)
def competency_toggle(competency_id):
    item = db.get_or_404(Competency, competency_id)
    services.set_active(item, not item.is_active, actor=current_user)
    db.session.commit()
    message = _("%(code)s diaktifkan.") if item.is_active else _("%(code)s dinonaktifkan.")
    flash(message % {"code": item.code}, "success")
    return redirect(url_for(".competencies"))


@bp.post("/competencies/<int:competency_id>/delete")
@role_required(rules.MANAGE_PROGRAMMES)
def competency_delete(competency_id):
    item = db.get_or_404(Competency, competency_id)
    code = item.code
    try:
        services.delete_competency(item, actor=current_user)
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Kompetensi %(code)s dihapus.", code=code), "success")
    return redirect(url_for(".competencies"))


# --- a course's competencies -----------------------------------------------------------------


@bp.route("/courses/<int:course_id>/competencies", methods=["GET", "POST"])
@role_required(rules.ASSESS)
def course_competencies(course_id):
    course = db.get_or_404(Course, course_id)
    may_edit = rules.MANAGE_PROGRAMMES(current_user)
    current = queries.course_weights(course.id)
    chosen, typed, errors = dict(current), {c: str(w) for c, w in current.items()}, {}
    if request.method == "POST":
        if not may_edit:
            abort(403)
        chosen, typed = parse_weights(request.form)
        errors = _save_weights(course, chosen)
        if errors is None:
            return redirect(url_for(".course_competencies", course_id=course.id))
    return render_template(
        "assessments/course_competencies.html",
        course=course,
        items=pages.weight_choices(current),
        chosen=chosen,
        typed=typed,
        errors=errors,
        may_edit=may_edit,
        levels=_levels(),
    )


def _save_weights(course, chosen) -> dict | None:
    """Save and commit the course's weights (None), or roll back and return the errors."""
    try:
        changed = services.set_course_competencies(course, chosen, actor=_user())
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return getattr(exc, "errors", {})
    db.session.commit()
    flash(_("Kompetensi kursus disimpan.") if changed else _("Tidak ada perubahan."), "success")
    return None


# --- the grid -----------------------------------------------------------------------------


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@role_required(rules.READ_PROGRAMME)
def session_grid(session_id):
    training_session = session_to_see_or_404(current_user, session_id)
    here = url_for(".session_grid", session_id=session_id)
    may_record = may_assess_session(current_user, training_session)
    return _grid(training_session.course, here, may_record, session=training_session)


@bp.route("/courses/<int:course_id>", methods=["GET", "POST"])
@role_required(rules.READ_PROGRAMME)
def course_grid(course_id):
    course = db.get_or_404(Course, course_id)
    code = request.args.get("unit", "").strip()[:32]
    unit, unit_error = unit_filter(scope_of(current_user), code)
    here = url_for(".course_grid", course_id=course_id, unit=code or None)
    return _grid(course, here, _can_record(), unit=unit, unit_error=unit_error)


def _grid(course, here, may_record, *, session=None, unit=None, unit_error=None):
    """The grid page; ``may_record``: a session's grid needs may_assess_session."""
    errors, typed = {}, None
    if request.method == "POST":
        if not may_record:
            abort(403)
        rows = parse_grid(request.form)
        try:
            result = services.save_grid(course, rows, actor=_user(), session=session)
            db.session.commit()
        except RuleViolation as exc:
            db.session.rollback()
            errors, typed = getattr(exc, "errors", {}), rows
            flash(str(exc), "error")
        except IntegrityError:
            db.session.rollback()
            flash(_("Penilaian lain baru saja disimpan. Muat ulang lalu coba lagi."), "error")
            return redirect(here)
        else:
            flash(_saved_message(result), "success")
            return redirect(here)
    return _render_grid(course, here, session, unit, errors, typed, may_record, unit_error)


def _saved_message(result) -> str:
    return _(
        "Penilaian disimpan: %(n)d penilaian baru, %(u)d tidak berubah.",
        n=len(result.created),
        u=len(result.unchanged),
    )


def _render_grid(course, here, session, unit, errors, typed, may_record, unit_error=None):
    grid = pages.grid_context(
        course, _user(), session=session, unit=unit, errors=errors, typed=typed
    )
    if unit_error:
        grid.update(people=[], total=0)  # a bad unit code lists nobody, as the calendar
    return render_template(
        "assessments/grid.html",
        course=course,
        session=session,
        unit=unit,
        unit_error=unit_error,
        **grid,
        levels=_levels(),
        can_record=may_record,
        action=here,
    )


# --- histories ------------------------------------------------------------------------------


@bp.get("/courses/<int:course_id>/people/<int:person_id>")
@login_required
def history(course_id, person_id):
    course = db.get_or_404(Course, course_id)
    person = person_or_404(scope_of(current_user), person_id)
    judged, users, sessions = pages.judged_history(course, person.id)
    return render_template(
        "assessments/history.html",
        course=course,
        person=person,
        attempts=judged,
        users=users,
        sessions=sessions,
        comps={c.id: c for c in queries.competencies()},
        levels=_levels(),
        is_staff=rules.READ_PROGRAMME(current_user),
    )


@bp.get("/mine")
@login_required
def mine():
    person = current_user.person
    rows = pages.my_results(person)
    return render_template("assessments/mine.html", person=person, rows=rows, levels=_levels())
