"""Series booking pages: the audience preview, cancelling a booking (the participant's own,
a commander's for their people), self sign-up and the commander's approval of sign-ups."""

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.core.redirects import safe_next
from training.enrolment import audience, booking, booking_queries
from training.errors import RuleViolation
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import person_or_404, scope_of
from training.policy.sessions import session_to_manage_or_404, session_to_see_or_404
from training.sessions.models import TrainingSession

bp = Blueprint("booking", __name__)


def _now():
    return datetime.now(UTC)


def _done(message: str, category: str, fallback: str):
    """Commit on success and go back where the form came from."""
    if category != "error":
        db.session.commit()
    else:
        db.session.rollback()
    flash(message, category)
    return redirect(safe_next(request.form.get("next"), fallback))


def _booked_message(result) -> str:
    if result.pending:
        return _("Pendaftaran dikirim; menunggu persetujuan komandan.")
    if result.enrolled:
        return _("Terdaftar di %(n)d pertemuan.", n=len(result.meetings))
    return _("Kursi penuh: masuk daftar tunggu seri (%(n)d pertemuan).", n=len(result.meetings))


@bp.get("/sessions/<int:session_id>/peserta/sasaran")
@role_required(rules.MANAGE_SESSIONS)
def audience_preview(session_id):
    """Who "Daftarkan sasaran" would book, before anything is written."""
    training_session = session_to_manage_or_404(current_user, session_id)
    try:
        found = audience.preview(training_session, _now())
    except RuleViolation as exc:
        flash(str(exc), "error")
        return redirect(url_for("enrolment.manage", session_id=session_id))
    return render_template(
        "enrolment/audience_preview.html",
        s=training_session,
        plan=found,
        shown=current_app.config["AUDIENCE_PREVIEW_ROWS"],
    )


@bp.post("/jadwal-saya/<int:session_id>/batal")
@login_required
def cancel_own(session_id):
    """The participant cancels their own booking of a series, before the deadline."""
    person = current_user.person
    training_session = db.session.get(TrainingSession, session_id)
    if person is None or training_session is None:
        abort(404)
    hours = current_app.config["BOOKING_CANCEL_HOURS"]
    fallback = url_for("enrolment.my_schedule")
    try:
        booking.cancel_booking(
            training_session, person, actor=current_user, own=True, deadline_hours=hours
        )
    except RuleViolation as exc:
        return _done(str(exc), "error", fallback)
    return _done(_("Pemesanan Anda dibatalkan."), "success", fallback)


@bp.post("/sessions/<int:session_id>/peserta/orang/<int:person_id>/batal")
@role_required(rules.MANAGE_BOOKINGS)
def cancel_for(session_id, person_id):
    """A commander cancels the booking of one of their people (every remaining meeting)."""
    training_session = session_to_see_or_404(current_user, session_id)
    person = person_or_404(scope_of(current_user), person_id)
    fallback = url_for("enrolment.manage", session_id=session_id)
    try:
        result = booking.cancel_booking(training_session, person, actor=current_user)
    except RuleViolation as exc:
        return _done(str(exc), "error", fallback)
    text = _("Pemesanan %(name)s dibatalkan.", name=person.full_name)
    if result.promoted:
        names = ", ".join(p.full_name for p in result.promoted)
        text += " " + _("Naik dari daftar tunggu: %(names)s.", names=names)
    return _done(text, "success", fallback)


@bp.get("/daftar-mandiri")
@login_required
def sign_up_list():
    person = current_user.person
    sessions = booking_queries.signup_sessions(person, _now()) if person else []
    return render_template("enrolment/sign_up.html", person=person, sessions=sessions)


@bp.post("/sessions/<int:session_id>/daftar-mandiri")
@login_required
def sign_up(session_id):
    person = current_user.person
    training_session = db.session.get(TrainingSession, session_id)
    if person is None or training_session is None:
        abort(404)
    fallback = url_for(".sign_up_list")
    try:
        result = booking.sign_up(training_session, person, actor=current_user)
    except RuleViolation as exc:
        return _done(str(exc), "error", fallback)
    return _done(_booked_message(result), "success", url_for("enrolment.my_schedule"))


@bp.get("/persetujuan-pendaftaran")
@role_required(rules.MANAGE_BOOKINGS)
def approvals():
    rows = booking_queries.pending_sign_ups(scope_of(current_user), _now())
    return render_template("enrolment/approvals.html", rows=rows)


@bp.post("/sessions/<int:session_id>/persetujuan/<int:person_id>")
@role_required(rules.MANAGE_BOOKINGS)
def decide(session_id, person_id):
    """Approve (``keputusan=setujui``) or refuse a pending sign-up of one's own people."""
    person = person_or_404(scope_of(current_user), person_id)
    training_session = db.get_or_404(TrainingSession, session_id)
    approve = request.form.get("keputusan") == "setujui"
    fallback = url_for(".approvals")
    try:
        booking.decide_sign_up(training_session, person, approve=approve, actor=current_user)
    except RuleViolation as exc:
        return _done(str(exc), "error", fallback)
    if approve:
        return _done(
            _("Pendaftaran %(name)s disetujui.", name=person.full_name), "success", fallback
        )
    return _done(_("Pendaftaran %(name)s ditolak.", name=person.full_name), "success", fallback)
