"""Views of the units feature: browse, detail, admin forms, import and export."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.core.importflow import confirm_import, errors_csv, import_page
from training.core.webio import table_download
from training.errors import RuleViolation
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import can_see_unit, scope_of, unit_or_404
from training.units import queries
from training.units.forms import UnitCreateForm, UnitEditForm, UnitImportForm, UnitMoveForm
from training.units.importer import IMPORTER
from training.units.services import LEVELS, create_unit, move_unit, unit_by_code, update_unit

bp = Blueprint("units", __name__, url_prefix="/units")


def _unit_scope():
    """The viewer's scope; 403 for users who see no units (pure participants)."""
    scope = scope_of(current_user)
    if not scope.sees_units:
        abort(403)
    return scope


@bp.route("/")
@login_required
def index():
    scope = _unit_scope()
    q, level = request.args.get("q", "").strip(), request.args.get("level", "")
    if level not in LEVELS:
        level = ""
    own = current_user.unit if not scope.everything else None
    stmt = queries.search_units(scope, q, level, first=own)
    page = db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    counts = queries.child_counts(u.id for u in page.items)
    return render_template(
        "units/index.html",
        page=page,
        counts=counts,
        q=q,
        level=level,
        own=own,
        can_see=lambda unit: can_see_unit(scope, unit),
    )


@bp.route("/<code>")
@login_required
def detail(code):
    scope = _unit_scope()
    unit = unit_or_404(scope, code)
    children = queries.children_of(unit)
    ids = [c.id for c in children]
    people = queries.people_figures()
    people_counts = people.people_counts([*ids, unit.id])  # children and the unit: one query
    above = queries.ancestors(unit)  # top first, the parent among them (one query)
    parent = {u.id: u for u in above}.get(unit.parent_id) or unit.parent
    return render_template(
        "units/detail.html",
        unit=unit,
        crumbs=[u for u in above if can_see_unit(scope, u)],
        head=people.head_of(unit),
        children=children,
        child_counts=queries.child_counts(ids),
        people_counts=people_counts,
        direct_people=people_counts[unit.id],
        subtree_people=people.subtree_people_count(unit),
        parent=parent,
        parent_visible=parent is not None and can_see_unit(scope, parent),
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(rules.MANAGE_UNITS)
def new():
    form = UnitCreateForm()
    if request.method == "GET" and request.args.get("parent"):
        form.parent_code.data = request.args["parent"]
    if form.validate_on_submit():
        try:
            parent = unit_by_code(form.parent_code.data) if form.parent_code.data else None
            unit = create_unit(
                form.code.data.strip(),
                form.name.data,
                form.level.data,
                parent,
                timezone=form.timezone.data,
                unit_type=form.unit_type.data or None,
                actor=current_user,
            )
        except RuleViolation as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Satuan %(name)s dibuat.", name=unit.name), "success")
            return redirect(url_for(".detail", code=unit.code))
    return render_template("units/form.html", form=form, unit=None)


@bp.route("/<code>/edit", methods=["GET", "POST"])
@role_required(rules.MANAGE_UNITS)
def edit(code):
    unit = unit_or_404(scope_of(current_user), code)
    form = UnitEditForm(obj=unit)
    if form.validate_on_submit():
        try:
            update_unit(
                unit,
                code=form.code.data.strip(),
                name=form.name.data,
                unit_type=form.unit_type.data,
                timezone=form.timezone.data,
                actor=current_user,
            )
        except RuleViolation as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Satuan %(name)s diperbarui.", name=unit.name), "success")
            return redirect(url_for(".detail", code=unit.code))
    return _edit_page(unit, form, UnitMoveForm(formdata=None))


def _edit_page(unit, form, move_form):
    return render_template("units/form.html", form=form, move_form=move_form, unit=unit)


@bp.post("/<code>/move")
@role_required(rules.MANAGE_UNITS)
def move(code):
    unit = unit_or_404(scope_of(current_user), code)
    move_form = UnitMoveForm()
    if move_form.validate_on_submit():
        try:
            move_unit(unit, unit_by_code(move_form.parent_code.data), actor=current_user)
        except RuleViolation as exc:
            move_form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Satuan %(name)s dipindahkan.", name=unit.name), "success")
            return redirect(url_for(".detail", code=unit.code))
    return _edit_page(unit, UnitEditForm(formdata=None, obj=unit), move_form)


@bp.route("/import", methods=["GET", "POST"])
@role_required(rules.MANAGE_UNITS)
def import_():
    return import_page(IMPORTER, UnitImportForm(), "units/import.html")


@bp.route("/import/confirm", methods=["POST"])
@role_required(rules.MANAGE_UNITS)
def import_confirm():
    form = UnitImportForm(formdata=None)
    return confirm_import(IMPORTER, form, "units/import.html", url_for(".index"))


@bp.route("/import/errors/<token>.csv")
@role_required(rules.MANAGE_UNITS)
def import_errors(token):
    return errors_csv(IMPORTER, token)


@bp.route("/export.csv", endpoint="export_csv", defaults={"fmt": "csv"})
@bp.route("/export.xlsx", endpoint="export_xlsx", defaults={"fmt": "xlsx"})
@login_required
def export(fmt):
    rows = queries.export_rows(_unit_scope())
    return table_download(fmt, queries.EXPORT_HEADER, rows, "satuan", "Satuan")
