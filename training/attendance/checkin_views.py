"""Participants checking themselves in: the link behind the projector's QR code (``scan``)
and the typed code (``checkin``). Routes of the attendance blueprint, added by the app factory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from training.attendance import checkin as check
from training.attendance import services
from training.attendance.forms import CheckinForm, ConfirmForm
from training.attendance.models import CheckinMethod
from training.attendance.views import bp
from training.core.timefmt import format_local
from training.errors import RuleViolation
from training.extensions import db
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession


@bp.route("/c/<int:session_id>/<code>", methods=["GET", "POST"])
@login_required
def scan(session_id, code):
    session = _linked_session(session_id, code)
    if session is None:
        flash(
            _(
                "Kode presensi salah atau sudah kedaluwarsa. "
                "Pindai atau ketik kode yang tampil sekarang."
            ),
            "error",
        )
        return redirect(url_for(".checkin"))
    form = ConfirmForm()
    if form.validate_on_submit():
        return _do_check_in(session, code, CheckinMethod.QR)
    return render_template("attendance/scan.html", s=session, form=form, code=code)


def _linked_session(session_id: int, code: str):
    """The session of a check-in link carrying one of its live codes, else None: unknown
    sessions, drafts and wrong or expired codes look alike and reveal nothing."""
    session = db.session.get(
        TrainingSession, session_id, options=[joinedload(TrainingSession.course)]
    )
    if session is None or session.status == SessionStatus.DRAFT:
        return None
    secret = current_app.config["SECRET_KEY"]
    if not check.code_matches(secret, session.uid, code, datetime.now(UTC)):
        return None
    return session


@bp.route("/checkin", methods=["GET", "POST"])
@login_required
def checkin():
    now = datetime.now(UTC)
    sessions = _my_open_sessions(now)
    form = CheckinForm()
    form.session_id.choices = [(s.id, _session_label(s)) for s in sessions]
    if form.validate_on_submit():
        session = next(s for s in sessions if s.id == form.session_id.data)
        return _do_check_in(session, form.code.data, CheckinMethod.CODE)
    return render_template("attendance/checkin.html", form=form, sessions=sessions)


def _do_check_in(session, code, method):
    person_id = current_user.person_id
    if person_id is None:
        flash(
            _("Akun Anda tidak terhubung dengan data personel; presensi tidak dapat dicatat."),
            "error",
        )
        return redirect(url_for(".checkin"))
    try:
        row = check.check_in(
            session, person_id, code, method=method, actor=current_user._get_current_object()
        )
    except RuleViolation as exc:
        flash(str(exc), "error")
        return redirect(url_for(".checkin"))
    label = services.STATUS_LABELS.get(row.status, row.status)  # before commit expires row
    db.session.commit()
    flash(_("Presensi tercatat: %(status)s.", status=label), "success")
    return redirect(url_for(".checkin"))


def _my_open_sessions(now):
    person_id = current_user.person_id
    if person_id is None:
        return []
    opens = current_app.config.get("CHECKIN_OPENS_MINUTES", check.DEFAULT_OPENS_MINUTES)
    values = {"person_id": person_id, "now": now, "until": now + timedelta(minutes=opens)}
    return [s for s in db.session.scalars(_open_sessions(), values) if check.check_in_open(s, now)]


@cache
def _open_sessions():
    """The person's sessions open for check-in with their course and venue unit: built
    once (joins, options, cache key), the person and the times bound per request."""
    return (
        select(TrainingSession)
        .join(Enrollment, Enrollment.session_id == TrainingSession.id)
        .where(
            Enrollment.person_id == bindparam("person_id"),
            Enrollment.status == EnrollmentStatus.ENROLLED,
            TrainingSession.status == SessionStatus.SCHEDULED,
            TrainingSession.ends_at >= bindparam("now"),
            TrainingSession.starts_at <= bindparam("until"),
        )
        .order_by(TrainingSession.starts_at)
        .options(joinedload(TrainingSession.course), joinedload(TrainingSession.venue_unit))
    )


def _session_label(session) -> str:
    title = session.title or session.course.title
    return f"{title} · {format_local(session.starts_at, session.venue_unit.timezone)}"
