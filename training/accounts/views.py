"""Views of the official social-media account registry: list, detail, forms, import, export."""

from datetime import date
from functools import partial

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from training.accounts import queries
from training.accounts.forms import AccountForm, AccountImportForm
from training.accounts.importer import HEADER, IMPORTER, export_rows
from training.accounts.models import SocialAccount
from training.accounts.services import (
    FIELD_LABELS,
    PLATFORM_LABELS,
    STATUS_LABELS,
    AccountInvalid,
    create_account,
    platform_label,
    status_label,
    update_account,
)
from training.core.importflow import confirm_import, errors_csv, import_page
from training.core.timefmt import short_day
from training.core.webio import table_download
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import Scope, can_see_unit, scope_of, unit_filter, unit_or_404
from training.units.models import Unit

bp = Blueprint("accounts", __name__, url_prefix="/accounts")
PER_PAGE_MIN, PER_PAGE_MAX = 10, 200


def _per_page() -> int:
    value = request.args.get("per_page", type=int) or current_app.config["PAGE_SIZE"]
    return max(PER_PAGE_MIN, min(PER_PAGE_MAX, value))


def _unit_code() -> str:
    return request.args.get("unit", "").strip()


def _account_or_404(scope, account_id: int) -> SocialAccount:
    account = db.session.get(SocialAccount, account_id)
    if account is None or not can_see_unit(scope, account.unit):
        abort(404)
    return account


@bp.route("/")
@role_required(rules.READ_PROGRAMME)
def index():
    scope = scope_of(current_user)
    unit, unit_error = unit_filter(scope, _unit_code())
    filters = queries.AccountFilters.from_args(request.args, unit)
    listed = Scope() if unit_error else scope  # a bad unit code lists nothing, as the calendar
    stmt = queries.accounts_query(listed, filters)
    page = db.paginate(stmt, per_page=_per_page(), error_out=False, count=True)
    return render_template(
        "accounts/index.html",
        page=page,
        filters=filters,
        per_page=_per_page(),
        total_label=format_decimal(page.total or 0, "#,##0"),
        platforms=PLATFORM_LABELS,
        statuses=STATUS_LABELS,
        platform_label=platform_label,
        unit_error=unit_error,
    )


@bp.route("/<int:account_id>")
@role_required(rules.READ_PROGRAMME)
def detail(account_id):
    account = _account_or_404(scope_of(current_user), account_id)
    changes, units = queries.account_history(account)
    return render_template(
        "accounts/detail.html",
        account=account,
        changes=changes,
        show=partial(_shown, units),
        field_labels=FIELD_LABELS,
        platform_label=platform_label,
        status_label=status_label,
    )


def _shown(units: dict[str, Unit], name: str, value) -> str:
    """A history value as the reader knows it: labels and names, never codes."""
    if value is None or value == "":
        return "—"
    if name == "unit":
        unit = units.get(value)
        return f"{unit.name} ({value})" if unit is not None else str(value)
    if name == "platform":
        return platform_label(value)
    if name == "status":
        return status_label(value)
    if name == "verified":
        return _("Ya") if value else _("Tidak")
    if name == "verified_on":
        return short_day(date.fromisoformat(value))
    return str(value)


def _unit_from(form: AccountForm) -> Unit | None:
    code = (form.unit_code.data or "").strip()
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        form.unit_code.errors = [*form.unit_code.errors, _("Kode satuan %(c)s tidak ada.", c=code)]
    return unit


def _values(form: AccountForm) -> dict:
    return dict(
        platform=form.platform.data,
        handle=form.handle.data,
        url=form.url.data,
        verified=form.verified.data,
        verified_on=form.verified_on.data,
        evidence_note=form.evidence_note.data,
        status=form.status.data,
    )


FORM_FIELD = {"unit": "unit_code"}


def _show_errors(form: AccountForm, exc: AccountInvalid) -> None:
    for name, message in exc.errors.items():
        target = getattr(form, FORM_FIELD.get(name, name))
        target.errors = [*target.errors, message]


def _save(form: AccountForm, account: SocialAccount | None) -> SocialAccount | None:
    """Validate the form through the service; None (with field errors) when refused."""
    if not form.is_submitted():
        return None
    valid = form.validate()  # the unit is looked up even so: every error shows at once
    unit = _unit_from(form) if (form.unit_code.data or "").strip() else None
    if not valid or unit is None:
        return None
    user = current_user._get_current_object()
    try:
        if account is None:
            return create_account(unit, user=user, **_values(form))
        update_account(account, user=user, unit=unit, **_values(form))
        return account
    except AccountInvalid as exc:  # nothing was written: the service checks first
        _show_errors(form, exc)
        return None


@bp.route("/new", methods=["GET", "POST"])
@role_required(rules.MANAGE_ACCOUNTS)
def new():
    form = AccountForm()
    if request.method == "GET" and request.args.get("unit"):
        form.unit_code.data = request.args["unit"]
    account = _save(form, None)
    if account is not None:
        db.session.commit()
        flash(_("Akun @%(handle)s didaftarkan.", handle=account.handle), "success")
        return redirect(url_for(".detail", account_id=account.id))
    return render_template("accounts/form.html", form=form, account=None)


@bp.route("/<int:account_id>/edit", methods=["GET", "POST"])
@role_required(rules.MANAGE_ACCOUNTS)
def edit(account_id):
    account = _account_or_404(scope_of(current_user), account_id)
    form = AccountForm(obj=account)
    if request.method == "GET":
        form.unit_code.data = account.unit.code
    if _save(form, account) is not None:
        db.session.commit()
        flash(_("Akun @%(handle)s diperbarui.", handle=account.handle), "success")
        return redirect(url_for(".detail", account_id=account.id))
    return render_template("accounts/form.html", form=form, account=account)


@bp.route("/import", methods=["GET", "POST"])
@role_required(rules.MANAGE_ACCOUNTS)
def import_():
    return import_page(IMPORTER, AccountImportForm(), "accounts/import.html")


@bp.route("/import/confirm", methods=["POST"])
@role_required(rules.MANAGE_ACCOUNTS)
def import_confirm():
    form = AccountImportForm(formdata=None)
    return confirm_import(IMPORTER, form, "accounts/import.html", url_for(".index"))


@bp.route("/import/errors/<token>.csv")
@role_required(rules.MANAGE_ACCOUNTS)
def import_errors(token):
    return errors_csv(IMPORTER, token)


@bp.route("/export.csv", endpoint="export_csv", defaults={"fmt": "csv"})
@bp.route("/export.xlsx", endpoint="export_xlsx", defaults={"fmt": "xlsx"})
@role_required(rules.READ_PROGRAMME)
def export(fmt):
    scope, code = scope_of(current_user), _unit_code()
    unit = unit_or_404(scope, code) if code else None
    filters = queries.AccountFilters.from_args(request.args, unit)
    rows = export_rows(queries.export_query(scope, filters))
    return table_download(fmt, HEADER, rows, "akun-media-sosial", "Akun media sosial")
