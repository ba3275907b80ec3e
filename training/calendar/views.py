"""Calendar pages (month, week, agenda), iCalendar downloads and feed management."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.calendar import queries, services
from training.calendar.forms import FeedForm, FilterForm
from training.calendar.ical import render_calendar, summary
from training.calendar.periods import (
    PERIODS,
    by_day,
    day_heading,
    entries,
    period_title,
    time_label,
)
from training.core.dates import parse_day
from training.core.timefmt import viewer_timezone, zone_label
from training.extensions import db
from training.policy import rules
from training.policy.scope import scope_of, unit_filter
from training.policy.sessions import may_see_session

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

ICS_TYPE = "text/calendar; charset=utf-8"
FILTER_KEYS = ("unit", "course", "trainer")
MAX_ID = 2**31 - 1  # larger ids cannot exist (and overflow the drivers)


def _sessions_detail_sees(user, training_session) -> bool:
    """Whether the sessions feature's detail page would show this session to ``user``: it
    serves the readers of the programme, for the sessions they may see."""
    if "sessions.detail" not in current_app.view_functions:
        return False
    return rules.READ_PROGRAMME(user) and may_see_session(user, training_session)


def session_url(training_session, external: bool = False) -> str:
    """The session's page: the sessions feature's detail page where it serves the viewer,
    else the calendar's own small detail page (participants, feeds, sessions seen because
    the viewer takes part in them)."""
    if not external and _sessions_detail_sees(current_user, training_session):
        rule = next(current_app.url_map.iter_rules("sessions.detail"))
        arg = next(iter(rule.arguments), "session_id")
        return url_for("sessions.detail", **{arg: training_session.id})
    return url_for("calendar.session", session_id=training_session.id, _external=external)


def _today(tz: str):
    return datetime.now(UTC).astimezone(ZoneInfo(tz)).date()


def _small_int(text: str | None) -> int | None:
    """A database-sized id from a query parameter, else None (bad values are ignored)."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _calendar(view: str) -> str:
    """Shared body of the three views: parse filters, query the period, render."""
    tz = viewer_timezone(current_user)
    form = FilterForm(formdata=request.args)
    anchor = parse_day(form.date.data, month=True)
    if form.date.data and anchor is None:
        flash(_("Tanggal tidak valid; yang ditampilkan hari ini."), "warning")
    period = PERIODS[view](anchor or _today(tz))
    form.set_choices(queries.course_choices(current_user), queries.trainer_choices(current_user))
    unit, unit_error = unit_filter(scope_of(current_user), (form.unit.data or "").strip())
    course = _small_int(form.course.data)
    sessions = []
    if unit_error:  # said at the field, nothing listed, as on the other lists
        form.unit.errors = [unit_error]
    else:
        start, end = period.utc_range(tz)
        sessions = queries.sessions_between(
            current_user, start, end, unit=unit, course=course, trainer=form.trainer.data or None
        )
    items = entries(sessions, tz, session_url)
    filters = {k: request.args[k] for k in FILTER_KEYS if request.args.get(k)}
    page = render_template(
        f"calendar/{view}.html",
        view=view,
        period=period,
        title=period_title(period),
        form=form,
        unit=unit,
        filters=filters,
        items=items,
        days=by_day(items),
        today=_today(tz),
        zone=zone_label(tz),
        day_heading=day_heading,
        format_date=format_date,
    )
    return page


@bp.get("/")
@login_required
def index():
    return _calendar("month")


@bp.get("/week")
@login_required
def week():
    return _calendar("week")


@bp.get("/agenda")
@login_required
def agenda():
    return _calendar("agenda")


def _session_or_404(session_id: int):
    if session_id > MAX_ID:
        abort(404)
    training_session = queries.visible_session(current_user, session_id)
    if training_session is None:
        abort(404)
    return training_session


@bp.get("/sessions/<int:session_id>")
@login_required
def session(session_id):
    s = _session_or_404(session_id)
    tz = viewer_timezone(current_user)
    return render_template(
        "calendar/session.html",
        s=s,
        title=summary(s),
        when=time_label(s.starts_at, tz, s.venue_unit.timezone, s.ends_at),
        day=day_heading(s.starts_at.astimezone(ZoneInfo(tz)).date()),
        trainers=queries.trainer_names(s),
        enrolled=queries.enrolled_counts([s.id])[s.id],
    )


def _ics_response(body: bytes, filename: str, disposition: str):
    response = make_response(body)
    response.headers["Content-Type"] = ICS_TYPE
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["X-Robots-Tag"] = "noindex"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/sessions/<int:session_id>.ics")
@login_required
def session_ics(session_id):
    s = _session_or_404(session_id)
    body = render_calendar([s], summary(s), lambda x: session_url(x, external=True))
    return _ics_response(body, f"sesi-{s.id}.ics", "attachment")


@bp.get("/feed/<token>.ics")
def feed_ics(token):
    user = services.feed_owner(token)
    if user is None:
        abort(404)
    name = _("Jadwal pelatihan %(u)s", u=user.username)
    body = render_calendar(
        services.feed_sessions(user), name, lambda x: session_url(x, external=True)
    )
    response = _ics_response(body, "jadwal-pelatihan.ics", "inline")
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/feed")
@login_required
def feed():
    active = services.active_feed(current_user)
    url = url_for(".feed_ics", token=active.token, _external=True) if active else None
    return render_template("calendar/feed.html", feed=active, url=url, form=FeedForm())


@bp.post("/feed")
@login_required
def feed_create():
    if FeedForm().validate_on_submit():
        had_feed = services.active_feed(current_user) is not None
        services.regenerate_feed(current_user)
        db.session.commit()
        if had_feed:
            flash(
                _("Tautan lama dicabut dan tautan baru dibuat. Perbarui langganan Anda."), "success"
            )
        else:
            flash(_("Tautan kalender dibuat. Salin ke aplikasi kalender Anda."), "success")
    return redirect(url_for(".feed"))


@bp.post("/feed/revoke")
@login_required
def feed_revoke():
    if FeedForm().validate_on_submit():
        if services.revoke_feed(current_user):
            flash(
                _("Tautan kalender dicabut; aplikasi kalender tidak dapat memuatnya lagi."),
                "success",
            )
        else:
            flash(_("Tidak ada tautan kalender yang aktif."), "info")
        db.session.commit()
    return redirect(url_for(".feed"))
