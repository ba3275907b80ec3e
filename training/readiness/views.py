"""Readiness pages: the viewer's dashboard, one unit's figures with its child units, charts,
its own people and the gap list (with an enrol button), and a programme's thresholds."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from training.core.guards import ascii_int
from training.core.i18n import translated
from training.core.numfmt import Formats
from training.core.redirects import safe_next
from training.core.timefmt import local_day
from training.enrolment.checks import session_label
from training.enrolment.series import book
from training.errors import RuleViolation
from training.extensions import db
from training.learning.gain import course_summaries
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import person_or_404, scope_of, unit_or_404
from training.policy.sessions import session_or_404
from training.programs.models import Course, Program
from training.readiness import gaps, table
from training.readiness.charts import Bar, bars_svg, trend_svg
from training.readiness.figures import STATUS_LABELS, unmet_labels
from training.readiness.forms import EnrolForm, ThresholdsForm
from training.readiness.kept import readiness as kept_readiness
from training.readiness.outcome import flagged, refresher_evidence
from training.readiness.rollup import current_program, thresholds_for
from training.readiness.thresholds import save_thresholds
from training.readiness.trend import cycle_trend
from training.units.models import Unit
from training.units.queries import ancestors

bp = Blueprint("readiness", __name__, url_prefix="/readiness")

PER_PAGE = 25
GAP_PER_PAGE = 20
MAX_BARS = 60


def viewer_scope():
    """The viewer's scope; 403 for users who see no units (pure participants)."""
    scope = scope_of(current_user)
    if not scope.sees_units:
        abort(403)
    return scope


def viewer_root(scope) -> Unit:
    """National viewers start at the root (Mabes); others at their own command."""
    if scope.everything:
        unit = db.session.scalar(
            select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id).limit(1)
        )
    else:
        unit = current_user.unit
    if unit is None:
        abort(404)
    return unit


def program_choice(today) -> tuple[Program | None, list[Program]]:
    """The programme picked with ?program=id (404 when unknown), else the current one."""
    programs = list(
        db.session.scalars(select(Program).order_by(Program.starts_on.desc(), Program.id.desc()))
    )
    raw = request.args.get("program", "").strip()
    if not raw:
        return current_program(today), programs
    chosen = next((p for p in programs if str(p.id) == raw), None)
    if chosen is None:
        abort(404)
    return chosen, programs


@bp.get("/")
@login_required
def dashboard():
    scope = viewer_scope()
    return _render(viewer_root(scope), scope, is_dashboard=True)


@bp.get("/units/<code>")
@login_required
def detail(code):
    scope = viewer_scope()
    return _render(unit_or_404(scope, code), scope, is_dashboard=False)


def _int_arg(name: str) -> int:
    """A page number from the query string: 1 when missing or bad, capped."""
    try:
        return min(max(1, ascii_int(request.args.get(name, "1"))), 100_000)
    except ValueError:
        return 1


def _render(unit: Unit, scope, *, is_dashboard: bool):
    today = local_day(tz=unit.timezone)
    program, programs = program_choice(today)
    crumbs = ancestors(unit, scope)
    if program is None:
        return render_template("readiness/empty.html", unit=unit, crumbs=crumbs)
    readiness = kept_readiness(program, scope, root=unit, on=today)
    node = readiness.units[unit.id]
    filters = table.filters_from(request.args, readiness, unit.id)
    rows = table.table_rows(readiness, unit.id, filters)
    courses = list(db.session.scalars(select(Course).where(Course.program_id == program.id)))
    trend = cycle_trend(program, unit.id, today)
    children = readiness.children(unit.id)
    outcome = readiness.response_rules()
    page = table.table_page(rows, _int_arg("page"), PER_PAGE)
    fmt = Formats()
    return render_template(
        "readiness/unit.html",
        unit=unit,
        node=node,
        readiness=readiness,
        program=program,
        programs=programs,
        crumbs=crumbs,
        is_dashboard=is_dashboard,
        unmet=unmet_labels(node, readiness.rules),
        filters=filters,
        page=page,
        unit_rows=table.row_texts(page.items, fmt),
        children=children,
        own=gaps.own_people(courses, unit, on=today, expiring_days=readiness.rules.expiring_days),
        standing=gaps.standing_label,
        status_labels=STATUS_LABELS,
        bars=_bars(children, readiness.rules.ready_certified_pct),
        trend=trend,
        trend_chart=_trend_chart(trend),
        enrol_form=EnrolForm(),
        can_enrol=rules.ENROL(current_user),
        session_label=session_label,
        count=fmt.count,
        outcome=outcome,
        refreshers=flagged(readiness, unit.id),
        evidence=lambda node: refresher_evidence(node, outcome.target_minutes),
        **_gap_list(readiness, unit, scope, courses),
        gains=course_summaries([c.id for c in courses], scope, unit),
        gain_courses=courses,
    )


def _gap_list(readiness, unit: Unit, scope, courses) -> dict:
    """The gap list's page and filters (kind, and a unit of the subtree by code)."""
    kind = request.args.get("kind", "")
    kind = kind if kind in gaps.KINDS else None
    by_code = {u.code: u for u in readiness.units.values()}
    within = by_code.get(request.args.get("gap_unit", ""))
    page = gaps.gap_page(
        courses,
        scope,
        unit,
        on=readiness.on,
        expiring_days=readiness.rules.expiring_days,
        now=datetime.now(UTC),
        kind=kind,
        within=within,
        page=_int_arg("gap_page"),
        per_page=GAP_PER_PAGE,
        total=gaps.gap_total((within or readiness.units[unit.id]).subtree, kind),
    )
    return {"gap_page": page, "gap_kind": kind or "", "gap_within": within, "kinds": gaps.KINDS}


def _bars(children, target):
    if not children:
        return None
    labels = translated(STATUS_LABELS)  # once, not once per bar
    bars = [
        Bar(c.name, c.subtree.certified_pct, c.status, labels[c.status])
        for c in children[:MAX_BARS]
    ]
    return bars_svg(bars, _("Personel bersertifikat per satuan bawahan"), target)


def _trend_chart(trend):
    if not trend.points:
        return None
    return trend_svg(
        trend.first, trend.last, trend.points, _("Personel bersertifikat selama siklus")
    )


@bp.post("/enrol")
@role_required(rules.ENROL)
def enrol():
    """The gap list's "Daftarkan": enrol one person into an open session of their course."""
    form = EnrolForm()
    back = safe_next(form.next.data, url_for(".dashboard"))
    ids = form.ids() if form.validate_on_submit() else None
    if ids is None:
        flash(_("Permintaan pendaftaran tidak valid. Muat ulang halaman lalu coba lagi."), "error")
        return redirect(back)
    scope = scope_of(current_user)
    person = person_or_404(scope, ids[0])
    training_session = session_or_404(scope, ids[1])
    try:
        result = book(training_session, [person], actor=current_user, open_only=True)
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(back)
    db.session.commit()
    flash(*_enrolled_message(person, training_session, result))
    return redirect(back)


def _enrolled_message(person, training_session, result) -> tuple[str, str]:
    """The gap list's "Daftarkan" books the series: every remaining meeting of it."""
    label, n = session_label(training_session), len(result.meetings)
    if result.enrolled and n > 1:
        text = _("%(name)s didaftarkan ke seri %(session)s (%(n)d pertemuan).",
                 name=person.full_name, session=label, n=n)  # fmt: skip
        return text, "success"
    if result.enrolled:
        text = _("%(name)s didaftarkan ke %(session)s.", name=person.full_name, session=label)
        return text, "success"
    text = _("Kursi penuh: %(name)s masuk daftar tunggu %(session)s.",
             name=person.full_name, session=label)  # fmt: skip
    return text, "warning"


@bp.route("/thresholds/<int:program_id>", methods=["GET", "POST"])
@role_required(rules.MANAGE_PROGRAMMES)
def thresholds(program_id):
    program = db.get_or_404(Program, program_id)
    rules = thresholds_for(program)
    form = ThresholdsForm(obj=rules)
    if form.validate_on_submit():
        save_thresholds(rules, form.values(), actor=current_user)
        db.session.commit()
        flash(_("Ambang kesiapan program %(title)s disimpan.", title=program.title), "success")
        return redirect(url_for(".dashboard", program=program.id))
    return render_template(
        "readiness/thresholds.html", form=form, program=program, saved=rules.id is not None
    )
