"""Attendance pages: the roll call sheet (with sign-off and a JSON feed for live updates),
the projector page with the rotating QR code, and the participant's self check-in."""

from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from training.attendance import checkin as check
from training.attendance import services
from training.attendance.forms import (
    RollCallForm,
    SignoffForm,
    marks_from,
)
from training.attendance.models import AttendanceStatus
from training.attendance.services import Mark
from training.core.i18n import translated
from training.core.qr import qr_svg
from training.core.timefmt import format_local_time
from training.errors import RuleViolation
from training.extensions import db
from training.policy import rules
from training.policy.scope import person_clause, scope_of
from training.policy.sessions import (
    READ,
    TAKE,
    is_session_trainer,
    roll_call_access,
)
from training.sessions import lifecycle
from training.sessions.models import TrainingSession

bp = Blueprint("attendance", __name__, url_prefix="/attendance")


#: The sheet shows the course and the venue's unit (its time zone): read with the session,
#: not lazily after.
_WITH_COURSE = (joinedload(TrainingSession.course), joinedload(TrainingSession.venue_unit))


def _load(session_id: int, need: str = READ):
    """The session and the viewer's access (policy.sessions.roll_call_access); 403 for
    participants and read-only viewers asking to edit, 404 for unknown sessions and
    sessions out of scope."""
    session = db.session.get(TrainingSession, session_id, options=_WITH_COURSE)
    if session is None:
        abort(404)
    access = roll_call_access(current_user, session)
    if access is None:
        abort(404 if rules.READ_PROGRAMME(current_user) else 403)
    if need == TAKE and access != TAKE:
        abort(403)
    return session, access


def _rows(session):
    """The enrolled people the viewer may see: all of them for the session's own trainers,
    else those of the viewer's scope (managing a session does not widen what one sees)."""
    user = current_user._get_current_object()
    clause = None if is_session_trainer(user, session) else person_clause(scope_of(user))
    return services.sheet_rows(session, clause)


def _marks(session, rows):
    """The posted marks of the listed people; "all present" fills only the listed people
    who have no mark yet (never the people the viewer does not see)."""
    marks = marks_from(request.form, [row.person.id for row in rows])
    if request.form.get("all_present"):
        unmarked = {row.person.id for row in rows if row.attendance is None}
        marks = [
            m
            if m.status or m.person_id not in unmarked
            else Mark(m.person_id, AttendanceStatus.HADIR, "")
            for m in marks
        ]
    return marks


def _back(session_id):
    return redirect(url_for(".sheet", session_id=session_id))


@bp.get("/sessions/<int:session_id>")
@login_required
def sheet(session_id):
    session, access = _load(session_id)
    signoff = services.signoff_of(session)
    return render_template(
        "attendance/sheet.html",
        s=session,
        rows=_rows(session),
        can_edit=access == TAKE,
        may_correct_signed=rules.OVERRIDE_RULES(current_user),
        signoff=signoff,
        form=RollCallForm(),
        confirm=SignoffForm(),
        stage=lifecycle.stage(session, signed=signoff is not None),
        statuses=translated(services.STATUS_LABELS),  # once per page, not once per row
        methods=translated(services.METHOD_LABELS),
        now=datetime.now(UTC),
    )


@bp.post("/sessions/<int:session_id>")
@login_required
def save(session_id):
    session, _access_ = _load(session_id, TAKE)
    form = RollCallForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errs in form.errors.values() for e in errs), "error")
        return _back(session_id)
    try:
        changed = _save_racing_check_ins(session, _marks(session, _rows(session)), form.reason.data)
    except RuleViolation as exc:
        flash(str(exc), "error")
        return _back(session_id)
    db.session.commit()
    flash(_("Daftar hadir disimpan: %(n)d perubahan.", n=len(changed)), "success")
    return _back(session_id)


def _save_racing_check_ins(session, marks, reason: str | None):
    """Save the posted marks; a check-in (or another save) that added one of these rows
    meanwhile makes it save again, now as an update of that row, as if the two had arrived
    one after the other."""
    for attempt in (1, 2):
        try:
            return services.save_roll_call(
                session, marks, actor=current_user._get_current_object(), reason=reason or ""
            )
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                raise


@bp.post("/sessions/<int:session_id>/signoff")
@login_required
def signoff(session_id):
    session, _access_ = _load(session_id, TAKE)
    form = SignoffForm()
    if not form.validate_on_submit():
        flash(form.first_error(), "error")
        return _back(session_id)
    try:
        services.sign_off(
            session, actor=current_user._get_current_object(), note=(form.note.data or "").strip()
        )
    except RuleViolation as exc:
        flash(str(exc), "error")
        return _back(session_id)
    db.session.commit()
    flash(_("Daftar hadir ditandatangani dan dikunci."), "success")
    return _back(session_id)


@bp.get("/sessions/<int:session_id>/sheet.json")
@login_required
def sheet_json(session_id):
    session, _access_ = _load(session_id)
    tz = session.venue_unit.timezone
    marks = {}
    for row in _rows(session):
        att = row.attendance
        marks[str(row.person.id)] = (
            None
            if att is None
            else {
                "status": att.status,
                "note": att.note,
                "method": att.method,
                "status_label": str(services.STATUS_LABELS.get(att.status, att.status)),
                "method_label": str(services.METHOD_LABELS.get(att.method, att.method)),
                "checked_in_at": att.checked_in_at.isoformat() if att.checked_in_at else None,
                "checked_in_label": (
                    format_local_time(att.checked_in_at, tz) if att.checked_in_at else None
                ),
            }
        )
    signed = services.signoff_of(session)
    return jsonify(marks=marks, signed_off=signed is not None)


@bp.get("/sessions/<int:session_id>/projector")
@login_required
def projector(session_id):
    session, _access_ = _load(session_id, TAKE)
    now = datetime.now(UTC)
    stage = lifecycle.stage(session, now)
    if stage in lifecycle.CLOSED:
        return render_template(
            "attendance/projector_closed.html",
            s=session,
            stage=stage,
            message=lifecycle.closed_message(stage),
        )
    codes = check.current_codes(session, now)
    url = _checkin_url(session, codes.url_code)
    return render_template(
        "attendance/projector.html",
        s=session,
        codes=codes,
        url=url,
        svg=qr_svg(url),
        is_open=check.check_in_open(session, now),
        opens_at=check.check_in_opens(session),
        stage=stage,
    )


@bp.get("/sessions/<int:session_id>/code.json")
@login_required
def code_json(session_id):
    session, _access_ = _load(session_id, TAKE)
    now = datetime.now(UTC)
    stage = lifecycle.stage(session, now)
    if stage in lifecycle.CLOSED:
        message = lifecycle.closed_message(stage)
        return jsonify(closed=True, open=False, stage=stage, message=message, code=None)
    codes = check.current_codes(session, now)
    url = _checkin_url(session, codes.url_code)
    return jsonify(
        code=codes.short_code,
        url=url,
        svg=qr_svg(url),
        seconds_left=codes.seconds_left,
        window=codes.window,
        open=check.check_in_open(session, now),
    )


def _checkin_url(session, code: str) -> str:
    return url_for(".scan", session_id=session.id, code=code, _external=True)
