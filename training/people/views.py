"""Views of the people feature: list with filters, detail, admin forms, import, export."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from training.core import importstash
from training.core.importflow import confirm_import, errors_csv, import_page
from training.core.importplan import Importer
from training.core.webio import table_download
from training.errors import RuleViolation
from training.extensions import db
from training.people import import_accounts, queries
from training.people.figures import head_of
from training.people.forms import ImportForm, PersonForm, position_choices, rank_groups
from training.people.importer import IMPORTER, REQUIRED
from training.people.services import create_person, normalise_rank, update_person
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import (
    Scope,
    can_see_unit,
    person_or_404,
    scope_of,
    unit_filter,
    unit_or_404,
)
from training.units.models import Unit

bp = Blueprint("people", __name__, url_prefix="/people")
PER_PAGE_MIN, PER_PAGE_MAX = 10, 200


def _per_page() -> int:
    default = current_app.config["PAGE_SIZE"]
    value = request.args.get("per_page", type=int) or default
    return max(PER_PAGE_MIN, min(PER_PAGE_MAX, value))


def _filters(unit) -> dict:
    """The list filters from the query string, ``unit`` resolved by the caller."""
    args = request.args
    sort = args.get("sort", "name")
    direction = args.get("dir", "asc")
    return dict(
        unit=unit,
        rank=normalise_rank(args.get("rank", "")),
        position=args.get("position", "").strip() or None,
        q=args.get("q", "").strip() or None,
        sort=sort if sort in queries.SORTS else "name",
        direction=direction if direction in queries.DIRECTIONS else "asc",
    )


@bp.route("/")
@role_required(rules.READ_PROGRAMME)
def index():
    scope = scope_of(current_user)
    unit, unit_error = unit_filter(scope, request.args.get("unit", "").strip())
    filters = _filters(unit)
    listed = Scope() if unit_error else scope  # a bad unit code lists nobody, as the calendar
    stmt = queries.people_query(listed, **filters)
    page = db.paginate(stmt, per_page=_per_page(), error_out=False, count=False)
    page.total = queries.people_count(listed, **filters)
    return render_template(
        "people/index.html",
        page=page,
        filters=filters,
        per_page=_per_page(),
        rank_groups=rank_groups(),
        position_choices=position_choices(),
        can_see_unit=lambda unit: can_see_unit(scope, unit),
        unit_error=unit_error,
    )


@bp.route("/<int:person_id>")
@login_required
def detail(person_id):
    scope = scope_of(current_user)
    person = person_or_404(scope, person_id)
    return render_template(
        "people/detail.html",
        person=person,
        is_head=head_of(person.unit) is person,
        unit_visible=can_see_unit(scope, person.unit),
    )


def _unit_from(form: PersonForm) -> Unit | None:
    """The unit named by the form's code, or None with a field error."""
    code = (form.unit_code.data or "").strip()
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        form.unit_code.errors = [*form.unit_code.errors, _("Kode satuan %(c)s tidak ada.", c=code)]
    return unit


def _values(form: PersonForm, unit: Unit) -> dict:
    return dict(
        full_name=form.full_name.data,
        nrp=form.nrp.data,
        rank=form.rank.data,
        position=form.position.data,
        unit=unit,
        phone=form.phone.data or "",
        email=form.email.data or "",
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(rules.MANAGE_PEOPLE)
def new():
    form = PersonForm()
    if request.method == "GET" and request.args.get("unit"):
        form.unit_code.data = request.args["unit"]
    if form.validate_on_submit() and (unit := _unit_from(form)) is not None:
        try:
            person = create_person(**_values(form, unit), actor=current_user)
        except RuleViolation as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Personel %(name)s ditambahkan.", name=person.full_name), "success")
            return redirect(url_for(".detail", person_id=person.id))
    return render_template("people/form.html", form=form, person=None)


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@role_required(rules.MANAGE_PEOPLE)
def edit(person_id):
    person = person_or_404(scope_of(current_user), person_id)
    form = PersonForm(obj=person)
    if request.method == "GET":
        form.unit_code.data = person.unit.code
    if form.validate_on_submit() and (unit := _unit_from(form)) is not None:
        try:
            update_person(person, **_values(form, unit), actor=current_user)
        except RuleViolation as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Data %(name)s diperbarui.", name=person.full_name), "success")
            return redirect(url_for(".detail", person_id=person.id))
    return render_template("people/form.html", form=form, person=person)


def _importer(with_accounts: bool) -> Importer:
    """The people import, also provisioning sign-in accounts when asked by a user who may."""
    if with_accounts and rules.MANAGE_SIGN_IN(current_user):
        return import_accounts.IMPORTER
    return IMPORTER


@bp.route("/import", methods=["GET", "POST"])
@role_required(rules.MANAGE_PEOPLE)
def import_():
    form = ImportForm()
    importer = _importer(form.provision_accounts.data)
    return import_page(importer, form, "people/import.html", required=REQUIRED)


@bp.route("/import/confirm", methods=["POST"])
@role_required(rules.MANAGE_PEOPLE)
def import_confirm():
    with_accounts = request.form.get("provision_accounts") == "y"
    form = ImportForm(formdata=None, provision_accounts=with_accounts)
    done = url_for(".index")
    importer = _importer(with_accounts)
    return confirm_import(importer, form, "people/import.html", done, required=REQUIRED)


@bp.route("/import/errors/<token>.csv")
@role_required(rules.MANAGE_PEOPLE)
def import_errors(token):
    accounts = import_accounts.IMPORTER
    kept = importstash.load(token, current_user.id, f"{accounts.name}-errors")
    return errors_csv(accounts if kept is not None else IMPORTER, token)


@bp.route("/export.csv", endpoint="export_csv", defaults={"fmt": "csv"})
@bp.route("/export.xlsx", endpoint="export_xlsx", defaults={"fmt": "xlsx"})
@role_required(rules.READ_PROGRAMME)
def export(fmt):
    scope = scope_of(current_user)
    code = request.args.get("unit", "").strip()
    rows = queries.export_rows(scope, **_filters(unit_or_404(scope, code) if code else None))
    return table_download(fmt, queries.EXPORT_HEADER, rows, "personel", "Personel")
