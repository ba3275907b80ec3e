"""Session pages: scoped list, new (with repeat), detail, edit, cancel, duplicate."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from training.core.dates import parse_day
from training.core.guards import db_id
from training.core.timefmt import viewer_timezone
from training.errors import RuleViolation
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.feedback import may_read_session_results
from training.policy.scope import Scope, scope_of, unit_filter
from training.policy.sessions import (
    may_manage_session,
    may_organise_session,
    session_to_manage_or_404,
    session_to_see_or_404,
)
from training.sessions import (
    cancelling,
    duplicating,
    editing,
    formdata,
    lifecycle,
    queries,
    services,
)
from training.sessions.forms import CancelForm, DuplicateForm, SessionForm
from training.sessions.recurrence import describe, parse_rrule
from training.units.models import Unit

bp = Blueprint("sessions", __name__, url_prefix="/sessions")
bp.record_once(lifecycle.register_template_globals)


def _actor():
    """The real User behind the proxy (services may store it on records)."""
    return current_user._get_current_object()


def _filters(unit) -> queries.Filters:
    args = request.args
    return queries.Filters(
        course_id=args.get("course", type=db_id),
        unit=unit,
        trainer=args.get("trainer", "").strip(),
        status=args.get("status", ""),
        date_from=parse_day(args.get("from")),
        date_to=parse_day(args.get("to")),
    )


@bp.route("/")
@role_required(rules.READ_PROGRAMME)
def index():
    scope = scope_of(current_user)
    unit, unit_error = unit_filter(scope, request.args.get("unit", "").strip())
    filters = _filters(unit)
    listed = Scope() if unit_error else scope  # a bad unit code lists nothing, as the calendar
    stmt = queries.sessions_query(listed, filters, viewer_timezone(current_user))
    page = db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False, count=True)
    return render_template(
        "sessions/index.html",
        page=page,
        filters=filters,
        courses=formdata.course_choices()[1:],
        counts=queries.enrolled_counts([s.id for s in page.items]),
        trainer_name=queries.trainer_name,
        stage_labels=lifecycle.LABELS,
        unit_error=unit_error,
    )


def _render_form(form, session=None, clashes=None):
    return render_template(
        "sessions/form.html",
        form=form,
        session=session,
        clashes=clashes or [],
        may_override=rules.OVERRIDE_RULES(current_user),
    )


def _fail(form, exc: RuleViolation):
    """Undo anything pending (e.g. a cascade record) and keep the form as typed."""
    db.session.rollback()
    form.form_errors.append(str(exc))
    return getattr(exc, "clashes", [])


@bp.route("/new", methods=["GET", "POST"])
@role_required(rules.MANAGE_SESSIONS)
def new():
    form = SessionForm(formdata=request.form if request.method == "POST" else request.args or None)
    if request.method == "GET":
        form.audience_code.data = form.audience_code.data or form.venue_code.data
    course, _audience = formdata.prepare(form)
    clashes = []
    if request.method == "POST" and "refresh" not in request.form and form.validate():
        data = formdata.read_data(form, course)
        repeat = formdata.read_repeat(form)
        if data is not None and repeat is not None:
            try:
                return _create(data, repeat, formdata.read_override(form))
            except RuleViolation as exc:
                clashes = _fail(form, exc)
    return _render_form(form, clashes=clashes)


def _create(data, repeat, override):
    if repeat.freq == "none":
        session = services.create_session(_actor(), data, override=override)
        db.session.commit()
        flash(_("Sesi dijadwalkan."), "success")
        return redirect(url_for(".detail", session_id=session.id))
    series = services.create_series(_actor(), data, repeat, override=override)
    db.session.commit()
    flash(_("Seri dijadwalkan: %(n)d pertemuan.", n=len(series.sessions)), "success")
    return redirect(url_for(".detail", session_id=series.sessions[0].id))


@bp.route("/<int:session_id>")
@role_required(rules.READ_PROGRAMME)
def detail(session_id):
    session = session_to_see_or_404(current_user, session_id)
    series = session.series
    others = series.sessions if series else []
    return render_template(
        "sessions/detail.html",
        s=session,
        series=series,
        others=others,
        rule=describe(parse_rrule(series.rrule, series.timezone, series.exdates)) if series else "",
        enrolled=queries.enrolled_counts([session.id])[session.id],
        trainer_name=queries.trainer_name,
        stage=lifecycle.stage(session),
        closed=lifecycle.CLOSED,
        can_manage=may_manage_session(current_user, session),
        can_organise=may_organise_session(current_user, session),
        can_read_feedback=may_read_session_results(current_user, session),
        endpoints=current_app.view_functions,
        cancel_form=CancelForm(),
    )


def _refuse_if_closed(session):
    """A redirect to the session page with the reason in words when ``session`` is over,
    signed off or cancelled (no edit, no cancellation), else None."""
    try:
        lifecycle.refuse_if_closed(session)
    except RuleViolation as exc:
        flash(str(exc), "error")
        return redirect(url_for(".detail", session_id=session.id))
    return None


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@role_required(rules.MANAGE_SESSIONS)
def edit(session_id):
    session = session_to_manage_or_404(current_user, session_id)
    if (refused := _refuse_if_closed(session)) is not None:
        return refused
    form = SessionForm()
    if request.method == "GET":
        formdata.fill_from_session(form, session)
        if session.series:
            s = session.series
            formdata.fill_repeat(form, parse_rrule(s.rrule, s.timezone, s.exdates))
    course, _audience = formdata.prepare(form)
    clashes = []
    if request.method == "POST" and "refresh" not in request.form and form.validate():
        data = formdata.read_data(form, course)
        if data is not None:
            try:
                _update(session, form, data)
            except RuleViolation as exc:
                clashes = _fail(form, exc)
            else:
                db.session.commit()
                flash(_("Perubahan jadwal disimpan."), "success")
                return redirect(url_for(".detail", session_id=session.id))
    return _render_form(form, session=session, clashes=clashes)


def _update(session, form, data):
    override = formdata.read_override(form)
    scope = form.scope.data if session.series else "this"
    if scope == "following":
        editing.update_following(session, _actor(), data, override=override)
    elif scope == "all":
        series = session.series
        repeat = formdata.read_repeat(form)
        if repeat is None:
            raise RuleViolation(_("Periksa bagian pengulangan."))
        if repeat == parse_rrule(series.rrule, series.timezone, series.exdates):
            repeat = None
        flags = {"confirm_drop": bool(form.confirm_drop.data), "override": override}
        editing.update_series(series, _actor(), data, repeat, **flags)
    else:
        editing.update_occurrence(session, _actor(), data, override=override)


@bp.post("/<int:session_id>/cancel")
@role_required(rules.MANAGE_SESSIONS)
def cancel(session_id):
    session = session_to_manage_or_404(current_user, session_id)
    if (refused := _refuse_if_closed(session)) is not None:
        return refused
    form = CancelForm()
    if not form.validate_on_submit():
        flash(form.first_error(), "error")
        return redirect(url_for(".detail", session_id=session.id))
    scope = form.scope.data if session.series else "this"
    who = {"actor": _actor(), "reason": form.reason.data.strip()}
    try:
        if scope == "all":
            count = cancelling.cancel_series(session.series, **who)
        elif scope == "following":
            count = cancelling.cancel_following(session, **who)
        else:
            count = cancelling.cancel_session(session, **who)
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".detail", session_id=session.id))
    db.session.commit()
    flash(_("%(n)d pertemuan dibatalkan.", n=count), "success" if count else "info")
    return redirect(url_for(".detail", session_id=session.id))


def _unit_or_error(field) -> Unit | None:
    code = (field.data or "").strip()
    if not code:
        return None
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        field.errors = [*field.errors, _("Kode satuan %(c)s tidak ada.", c=code)]
    return unit


@bp.route("/<int:session_id>/duplicate", methods=["GET", "POST"])
@role_required(rules.MANAGE_SESSIONS)
def duplicate(session_id):
    session = session_to_see_or_404(current_user, session_id)
    form = DuplicateForm()
    clashes = []
    if form.validate_on_submit():
        venue, audience = _unit_or_error(form.venue_code), _unit_or_error(form.audience_code)
        if not form.errors:
            try:
                first = _duplicate(session, form, venue, audience)
            except RuleViolation as exc:
                clashes = _fail(form, exc)
            else:
                db.session.commit()
                flash(_("Jadwal digandakan."), "success")
                return redirect(url_for(".detail", session_id=first.id))
    return render_template(
        "sessions/duplicate.html",
        form=form,
        s=session,
        clashes=clashes,
        may_override=rules.OVERRIDE_RULES(current_user),
    )


def _duplicate(session, form, venue, audience):
    override = formdata.read_override(form)
    if form.what.data == "series" and session.series is not None:
        series = duplicating.duplicate_series(
            session.series,
            _actor(),
            start_date=form.day.data,
            venue_unit=venue,
            audience_unit=audience,
            override=override,
        )
        return series.sessions[0]
    start = form.start_time.data or duplicating.data_from(session).start_local.time()
    return duplicating.duplicate_session(
        session,
        _actor(),
        start_local=datetime.combine(form.day.data, start),
        venue_unit=venue,
        audience_unit=audience,
        override=override,
    )
