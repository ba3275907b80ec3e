"""Response pages: a unit's figures (per period, trend, units below, its accounts), an
account's mentions, the breach list with its exports, and a programme's targets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from training.accounts.models import SocialAccount
from training.accounts.services import platform_label
from training.core.guards import db_id
from training.core.timefmt import format_local, local_day
from training.core.webio import table_download
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import can_see_unit, scope_of, unit_or_404
from training.programs.models import Program
from training.responses import queries
from training.responses.forms import AnswerForm, ResolveForm, TargetsForm
from training.responses.services import category_label, status_label
from training.responses.targets import (
    DEFAULT_TARGETS,
    current_program,
    running_cycle,
    save_targets,
    targets_for,
)
from training.units.models import Unit
from training.units.queries import ancestors, children_of

bp = Blueprint("responses", __name__, url_prefix="/responses")
PERIODS = {"7": 7, "30": 30, "90": 90}
TREND_WEEKS = 12
TREND_DAYS = 14
BREACHES_PER_PAGE = 50
BREACH_HEADER = (
    "diterima", "terlambat_menit", "kategori", "platform", "akun", "kode_satuan", "satuan",
    "id_mention",
)  # fmt: skip


def duration(seconds: int | None) -> str:
    """A response time as read on the pages: "25 mnt", "2 j 5 mnt", "3 h 4 j"."""
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("%(m)d mnt", m=minutes)
    if minutes < 24 * 60:
        return _("%(h)d j %(m)d mnt", h=minutes // 60, m=minutes % 60)
    return _("%(d)d h %(h)d j", d=minutes // 1440, h=minutes % 1440 // 60)


def _scope():
    """The viewer's scope; 403 for users who see no units (pure participants)."""
    scope = scope_of(current_user)
    if not scope.sees_units:
        abort(403)
    return scope


def account_or_404(scope, account_id: int) -> SocialAccount:
    account = db.session.get(SocialAccount, account_id)
    if account is None or not can_see_unit(scope, account.unit):
        abort(404)
    return account


def _period(unit: Unit, program) -> tuple[str, date, date]:
    """The days the figures cover: the last 7/30/90 local days, or the programme's cycle."""
    today = local_day(tz=unit.timezone)
    key = request.args.get("period", "30")
    cycle = running_cycle(program, today)
    if key == "cycle" and cycle is not None:
        return key, cycle.starts_on, min(cycle.ends_on, today)
    key = key if key in PERIODS else "30"
    return key, today - timedelta(days=PERIODS[key] - 1), today


def _program() -> Program | None:
    if not request.args.get("program", "").strip():
        return current_program(local_day())
    program_id = request.args.get("program", type=db_id)
    program = db.session.get(Program, program_id) if program_id else None
    if program is None:
        abort(404)
    return program


@bp.get("/")
@role_required(rules.READ_PROGRAMME)
def index():
    scope = _scope()
    if scope.everything:
        root = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    else:
        root = current_user.unit
    if root is None:
        abort(404)
    kept = {k: request.args[k] for k in ("period", "program", "trend") if k in request.args}
    return redirect(url_for(".unit", code=root.code, **kept))


@bp.get("/units/<code>")
@role_required(rules.READ_PROGRAMME)
def unit(code):
    scope = _scope()
    unit = unit_or_404(scope, code)
    program = _program()
    targets = targets_for(program)
    key, first, last = _period(unit, program)
    whole, child_figures = queries.subtree_and_children(unit, first, last, targets)
    return render_template(
        "responses/unit.html",
        unit=unit,
        crumbs=ancestors(unit, scope),
        program=program,
        period=key,
        first=first,
        last=last,
        targets=targets,
        whole=whole,
        late=queries.open_past_target(unit, datetime.now(UTC), targets),
        **_trend(unit, last, targets),
        children=children_of(unit),
        child_figures=child_figures,
        child_late=queries.open_by_child(unit, datetime.now(UTC), targets),
        **_accounts(unit, first, last, targets),
        **_labels(),
    )


def _trend(unit: Unit, last: date, targets: dict) -> dict:
    """The trend per week (12 weeks) or, with ?trend=day, per day (the last 14 days)."""
    step = request.args.get("trend") == "day"
    days = TREND_DAYS if step else 7 * TREND_WEEKS
    first = last - timedelta(days=days - 1)
    trend = queries.series(unit, first, last, targets, step=1 if step else 7)
    return {"trend": trend, "daily": step}


def _accounts(unit: Unit, first: date, last: date, targets: dict) -> dict:
    stmt = select(SocialAccount).where(SocialAccount.unit_id == unit.id).order_by(SocialAccount.id)
    accounts = list(db.session.scalars(stmt))
    return {"accounts": accounts, "account_figures": queries.by_account(unit, first, last, targets)}


def _labels() -> dict:
    return {
        "duration": duration,
        "count": lambda n: format_decimal(n or 0, "#,##0"),
        "platform_label": platform_label,
        "category_label": category_label,
        "status_label": status_label,
        "periods": PERIODS,
    }


@bp.get("/accounts/<int:account_id>")
@role_required(rules.READ_PROGRAMME)
def account(account_id):
    return account_page(account_or_404(_scope(), account_id))


def account_page(account: SocialAccount, forms: dict | None = None, status: int = 200):
    """The account's figures and latest mentions, with the forms of the open ones."""
    today = local_day(tz=account.unit.timezone)
    first = today - timedelta(days=29)
    mentions = queries.recent_mentions(account.id)
    forms = forms or {}
    for mention in mentions:
        forms.setdefault(("answer", mention.id), AnswerForm(formdata=None))
        forms.setdefault(("resolve", mention.id), ResolveForm(formdata=None))
    figures = queries.account_figures(account.id, first, today, targets_for(current_program(today)))
    page = render_template(
        "responses/account.html",
        account=account,
        mentions=mentions,
        figures=figures,
        forms=forms,
        tz=account.unit.timezone,
        **_labels(),
    )
    return page, status


def _breach_rows(unit: Unit, targets: dict, category: str | None):
    return queries.breaches_query(_scope(), unit, datetime.now(UTC), targets, category or None)


@bp.get("/units/<code>/breaches")
@role_required(rules.READ_PROGRAMME)
def breaches(code):
    unit = unit_or_404(_scope(), code)
    targets = targets_for(_program())
    category = request.args.get("category", "")
    category = category if category in DEFAULT_TARGETS else ""
    stmt = _breach_rows(unit, targets, category)
    page = db.paginate(stmt, per_page=BREACHES_PER_PAGE, error_out=False, count=True)
    return render_template(
        "responses/breaches.html",
        unit=unit,
        page=page,
        category=category,
        categories=DEFAULT_TARGETS,
        late=lambda m: duration(queries.minutes_late(m, datetime.now(UTC), targets) * 60),
        **_labels(),
    )


def _breach_row(mention, now: datetime, targets: dict) -> tuple:
    account, unit = mention.account, mention.account.unit
    late = queries.minutes_late(mention, now, targets)
    received = format_local(mention.received_at, unit.timezone)
    return (received, late, mention.category, account.platform, account.handle, unit.code,
            unit.name, mention.mention_key)  # fmt: skip


@bp.get("/units/<code>/breaches.csv", endpoint="breaches_csv", defaults={"fmt": "csv"})
@bp.get("/units/<code>/breaches.xlsx", endpoint="breaches_xlsx", defaults={"fmt": "xlsx"})
@role_required(rules.READ_PROGRAMME)
def breaches_export(code, fmt):
    unit = unit_or_404(_scope(), code)
    targets = targets_for(_program())
    category = request.args.get("category", "")
    mentions = db.session.scalars(_breach_rows(unit, targets, category or None)).all()
    now = datetime.now(UTC)
    table = [_breach_row(m, now, targets) for m in mentions]
    return table_download(fmt, BREACH_HEADER, table, f"lewat-batas-{unit.code}", "Lewat batas")


@bp.route("/targets/<int:program_id>", methods=["GET", "POST"])
@role_required(rules.MANAGE_PROGRAMMES)
def targets(program_id):
    program = db.get_or_404(Program, program_id)
    form = TargetsForm(data=targets_for(program) if request.method == "GET" else None)
    if form.validate_on_submit():
        save_targets(program, {c: form[c].data for c in DEFAULT_TARGETS}, user=current_user)
        db.session.commit()
        flash(_("Target respons program %(title)s disimpan.", title=program.title), "success")
        return redirect(url_for(".targets", program_id=program.id))
    return render_template("responses/targets.html", form=form, program=program)
