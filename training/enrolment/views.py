"""Enrolment pages: a session's participants and waitlist, enrolling its audience or chosen
people, commanders' open sessions, and "Jadwal saya" (one's own schedule)."""

from datetime import UTC, datetime, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from training.core.guards import db_id
from training.enrolment import audience, booking, queries, series, services
from training.enrolment.forms import AddByNrpForm
from training.errors import RuleViolation
from training.extensions import db
from training.people.models import Person
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import Scope, can_see_person, person_clause, scope_of
from training.policy.sessions import (
    is_session_trainer,
    may_organise_session,
    session_to_manage_or_404,
    session_to_see_or_404,
)
from training.sessions.enrollments import Enrollment

bp = Blueprint("enrolment", __name__)


def _load(session_id):
    """The viewer's scope and a session they may see (404 otherwise)."""
    return scope_of(current_user), session_to_see_or_404(current_user, session_id)


def _people_scope(scope, training_session):
    """Whose enrolments the viewer sees: a session's own trainers see all of its people."""
    if is_session_trainer(current_user, training_session):
        return Scope(everything=True)
    return scope


def _load_managed(session_id):
    """The viewer's scope and a session they manage (404 unseen, 403 seen only)."""
    return scope_of(current_user), session_to_manage_or_404(current_user, session_id)


def _now():
    return datetime.now(UTC)


def _back(session_id):
    return redirect(url_for(".manage", session_id=session_id))


@bp.get("/sessions/<int:session_id>/peserta")
@role_required(rules.ENROL)
def manage(session_id):
    scope, training_session = _load(session_id)
    return _manage_page(scope, training_session, AddByNrpForm())


def _manage_page(scope, training_session, form, status=200):
    return render_template(
        "enrolment/manage.html",
        s=training_session,
        roster=queries.roster(training_session, _people_scope(scope, training_session)),
        can_edit=may_organise_session(current_user, training_session),
        can_cancel=rules.MANAGE_BOOKINGS(current_user) and training_session.starts_at > _now(),
        form=form,
        now=datetime.now(UTC),
    ), status


@bp.post("/sessions/<int:session_id>/peserta/sasaran")
@role_required(rules.MANAGE_SESSIONS)
def enrol_audience(session_id):
    """The confirmation of the audience preview: book the previewed plan into every
    remaining meeting (refused when the plan changed since the preview)."""
    _scope, training_session = _load_managed(session_id)
    fingerprint = request.form.get("plan") or None
    try:
        found = audience.enrol(training_session, actor=current_user, fingerprint=fingerprint)
    except RuleViolation as exc:
        flash(str(exc), "error")
        return redirect(url_for("booking.audience_preview", session_id=session_id))
    db.session.commit()
    result = found.result
    flash(_summary(result), "success" if not result.skipped_conflicts else "warning")
    return _back(session_id)


def _summary(result) -> str:
    text = _(
        "Sasaran didaftarkan: %(e)d terdaftar, %(w)d masuk daftar tunggu, "
        "%(c)d dilewati karena jadwal bertabrakan, %(a)d sudah terdaftar sebelumnya.",
        e=len(result.enrolled),
        w=len(result.waitlisted),
        c=len(result.skipped_conflicts),
        a=len(result.already),
    )
    if result.removed_before:
        text += " " + _(
            "%(n)d orang yang pernah dikeluarkan tidak didaftarkan ulang.",
            n=len(result.removed_before),
        )
    for person, other in result.skipped_conflicts[:10]:
        text += " " + services.conflict_message(person, other)
    if len(result.skipped_conflicts) > 10:
        text += " " + _("(dan %(n)d lainnya)", n=len(result.skipped_conflicts) - 10)
    return text


@bp.post("/sessions/<int:session_id>/peserta/tambah")
@role_required(rules.MANAGE_SESSIONS)
def add(session_id):
    scope, training_session = _load_managed(session_id)
    form = AddByNrpForm()
    if not form.validate_on_submit():  # the page again, the typed NRP and its error kept
        return _manage_page(scope, training_session, form, 400)
    nrp = form.nrp.data.strip()
    person = db.session.scalar(select(Person).where(Person.nrp == nrp, person_clause(scope)))
    if person is None:
        form.nrp.errors.append(_("NRP/NIP %(nrp)s tidak ditemukan di lingkup Anda.", nrp=nrp))
        return _manage_page(scope, training_session, form, 400)
    try:
        result = series.book(training_session, [person], actor=current_user)
    except RuleViolation as exc:
        db.session.rollback()
        form.nrp.errors.append(str(exc))
        return _manage_page(scope, training_session, form, 400)
    db.session.commit()
    flash(added_message(person, result), "success")
    return _back(session_id)


def added_message(person, result) -> str:
    """The flash of a booking of one person (into every remaining meeting of a series)."""
    n = len(result.meetings)
    if result.enrolled:
        if n > 1:
            return _("%(name)s didaftarkan ke %(n)d pertemuan.", name=person.full_name, n=n)
        return _("%(name)s didaftarkan.", name=person.full_name)
    return _("Kursi penuh: %(name)s masuk daftar tunggu.", name=person.full_name)


@bp.post("/sessions/<int:session_id>/peserta/<int:enrollment_id>/hapus")
@role_required(rules.MANAGE_SESSIONS)
def remove(session_id, enrollment_id):
    scope, training_session = _load_managed(session_id)
    scope = _people_scope(scope, training_session)
    row = db.session.get(Enrollment, enrollment_id)
    if row is None or row.session_id != session_id or not can_see_person(scope, row.person):
        abort(404)
    try:
        whole = booking.remove_from_series(row, actor=current_user)
        single = None if whole else services.remove_person(row, actor=current_user)
    except RuleViolation as exc:
        flash(str(exc), "error")
        return _back(session_id)
    db.session.commit()
    name = row.person.full_name
    if whole:
        n = len(whole.meetings)
        flash(_("%(name)s dikeluarkan dari %(n)d pertemuan seri.", name=name, n=n), "success")
        promoted = whole.promoted
    else:
        flash(_("%(name)s dikeluarkan dari sesi.", name=name), "success")
        promoted = [e.person for e in single.promoted]
    for person in promoted:
        flash(_("%(name)s naik dari daftar tunggu.", name=person.full_name), "info")
    return _back(session_id)


@bp.route("/sessions/<int:session_id>/peserta/daftarkan", methods=["GET", "POST"])
@role_required(rules.ENROL)
def enrol(session_id):
    scope, training_session = _load(session_id)
    chosen = request.form.getlist("person_ids", type=db_id)
    if request.method == "POST":
        people = queries.people_in_scope(scope, chosen)
        try:
            _enrol_chosen(training_session, people, chosen)
        except RuleViolation as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("%(n)d personel didaftarkan.", n=len(people)), "success")
            return redirect(url_for(".enrol", session_id=session_id))
    return _enrol_page(scope, training_session, chosen)


def _enrol_page(scope, training_session, chosen):
    """The candidates of the session's audience (all positions with ``semua=1``), searched."""
    all_positions = request.values.get("semua") == "1"
    q = request.values.get("q", "").strip()[:100] or None
    people, total = queries.candidates(training_session, scope, all_positions=all_positions, q=q)
    return render_template(
        "enrolment/enrol.html",
        s=training_session,
        people=people,
        total=total,
        chosen=set(chosen),
        all_positions=all_positions,
        q=q or "",
        is_open=queries.is_open(training_session, datetime.now(UTC)),
    )


def _enrol_chosen(training_session, people, chosen) -> None:
    if not chosen:
        raise RuleViolation(_("Pilih minimal satu personel."))
    if len(people) != len(set(chosen)):
        raise RuleViolation(_("Sebagian personel yang dipilih tidak ditemukan di lingkup Anda."))
    series.book(training_session, people, actor=current_user, open_only=True)


@bp.get("/sesi-terbuka")
@role_required(rules.ENROL)
def open_sessions():
    rows = queries.open_sessions(scope_of(current_user), datetime.now(UTC))
    return render_template("enrolment/open.html", rows=rows)


@bp.get("/jadwal-saya")
@login_required
def my_schedule():
    person = current_user.person
    upcoming, past = ([], [])
    if person is not None:
        upcoming, past = queries.my_schedule(person.id, _now())
    hours = current_app.config["BOOKING_CANCEL_HOURS"]
    return render_template(
        "enrolment/my_schedule.html",
        person=person,
        upcoming=upcoming,
        past=past,
        cancellable=queries.cancellable(upcoming, _now() + timedelta(hours=hours)),
    )
