"""Certificate pages: lists for staff, issue and revoke actions, PDFs, "Sertifikat saya".

Staff (admins, trainers, commanders) see certificates of people in their scope; a
participant sees only their own. Anything out of scope answers 404. Issuing is for
trainers and admins, revoking for admins; both are POSTs.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from training.certificates import bulk as bulk_files
from training.certificates import codes, queries, services, session_issue
from training.certificates.fonts import MissingGlyphs
from training.certificates.forms import RevokeForm
from training.certificates.models import Certificate
from training.core.guards import db_id
from training.core.templating import query_args
from training.core.timefmt import viewer_today
from training.errors import RuleViolation
from training.extensions import db
from training.people.models import Person
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import Scope, can_see_person, scope_of, unit_filter
from training.policy.sessions import session_or_404
from training.programs.models import Course

bp = Blueprint("certificates", __name__, url_prefix="/certificates")
BULK_MAX = 5000
bp.add_url_rule("/sessions/<int:session_id>/issue", "session_issue", session_issue.page)


def cert_or_404(cert_id: int) -> Certificate:
    cert = db.session.get(Certificate, cert_id)
    if cert is None or not can_see_person(scope_of(current_user), cert.person):
        abort(404)
    return cert


def unprintable_message(serials: list[str], chars: str) -> str:
    return _(
        "PDF tidak dibuat: sertifikat %(serials)s memuat huruf %(chars)s yang tidak tersedia "
        "pada fon sertifikat (akan tercetak sebagai kotak kosong). Hubungi admin untuk "
        "memasang paket fon yang sesuai.",
        serials=", ".join(serials[:5]) + (" …" if len(serials) > 5 else ""),
        chars=" ".join(chars),
    )


def pdf_response(cert: Certificate) -> Response:
    """The certificate's PDF as a download (the page and the API answer the same); raises
    MissingGlyphs when a printed text has characters no font has."""
    # reportlab loads with the first PDF, not with every worker
    from training.certificates.pdf import render_certificate

    data = render_certificate(cert, codes.verify_url(cert))
    name = cert.serial.replace("/", "-")
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f"attachment; filename=sertifikat-{name}.pdf"},
    )


def _filters(scope):
    """Course, session and unit from the query string (404 when unknown or out of scope)."""
    return bulk_files.filters(scope, request.args)


def _courses() -> list[Course]:
    stmt = select(Course).options(joinedload(Course.program))
    return db.session.scalars(stmt.order_by(Course.program_id, Course.tier)).all()


@bp.route("/")
@role_required(rules.READ_PROGRAMME)
def index():
    scope = scope_of(current_user)
    course, session = bulk_files.targets(scope, request.args)
    unit, unit_error = unit_filter(scope, request.args.get("unit", "").strip())
    listed = Scope() if unit_error else scope  # a bad unit code lists nothing, as the calendar
    stmt = queries.certificates_query(listed, course=course, session=session, unit=unit)
    page = db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    eligible = []
    target = course or (session.course if session else None)
    if target is not None and rules.ISSUE_CERTIFICATE(current_user):
        eligible = services.eligible_people(target, scope=scope, session=session)
    return render_template(
        "certificates/index.html",
        page=page,
        course=course,
        session=session,
        unit=unit,
        unit_error=unit_error,
        target=target,
        eligible=eligible,
        courses=_courses(),
        today=viewer_today(current_user),
    )


@bp.post("/issue")
@role_required(rules.ISSUE_CERTIFICATE)
def issue():
    scope = scope_of(current_user)
    course, session = _issue_target(scope)
    back = url_for(
        ".index",
        course=course.id if session is None else None,
        session=session.id if session else None,
    )
    everyone = not request.form.get("person")
    if everyone and (refused := session_issue.refuse_unconfirmed(back)) is not None:
        return refused
    try:
        certs = _issue_certificates(scope, course, session)
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(back)
    db.session.commit()
    if certs:
        flash(_("%(n)d sertifikat diterbitkan.", n=len(certs)), "success")
    else:
        flash(_("Tidak ada peserta yang memenuhi syarat tanpa sertifikat."), "info")
    return redirect(back)


def _issue_target(scope):
    """The course (and session, when given) certificates are issued for; 404 otherwise."""
    course = db.session.get(Course, request.form.get("course", type=db_id) or 0)
    session = None
    if request.form.get("session"):
        session = session_or_404(scope, request.form.get("session", type=db_id) or 0)
        course = session.course
    if course is None:
        abort(404)
    return course, session


def _issue_certificates(scope, course, session) -> list:
    """One person's certificate (``person`` in the form, in scope), else everyone's eligible."""
    if request.form.get("person"):
        person = db.session.get(Person, request.form.get("person", type=db_id) or 0)
        if person is None or not can_see_person(scope, person):
            abort(404)
        return [services.issue_certificate(person, course, actor=current_user)]
    return services.issue_all(course, actor=current_user, session=session)


@bp.route("/mine")
@login_required
def mine():
    certs = []
    if current_user.person_id is not None:
        certs = db.session.scalars(
            select(Certificate)
            .where(Certificate.person_id == current_user.person_id)
            .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
        ).all()
    return render_template("certificates/mine.html", certs=certs, today=viewer_today(current_user))


@bp.route("/<int:cert_id>")
@login_required
def detail(cert_id):
    cert = cert_or_404(cert_id)
    form = RevokeForm() if rules.REVOKE_CERTIFICATE(current_user) else None
    return render_template(
        "certificates/detail.html",
        cert=cert,
        form=form,
        status=cert.status_on(services.holder_today(cert)),
        code=codes.format_code(cert.verify_code),
        url=codes.verify_url(cert),
    )


@bp.route("/<int:cert_id>.pdf")
@login_required
def pdf(cert_id):
    cert = cert_or_404(cert_id)
    try:
        return pdf_response(cert)
    except MissingGlyphs as exc:
        flash(unprintable_message([cert.serial], exc.chars), "danger")
        return redirect(url_for(".detail", cert_id=cert.id))


@bp.post("/<int:cert_id>/revoke")
@role_required(rules.REVOKE_CERTIFICATE)
def revoke(cert_id):
    cert = cert_or_404(cert_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        for error in form.reason.errors:
            flash(_("Alasan pencabutan: %(e)s", e=error), "danger")
        for error in form.public_note.errors:
            flash(_("Keterangan publik: %(e)s", e=error), "danger")
        session_issue.flash_errors(form.confirm)
        return redirect(url_for(".detail", cert_id=cert.id))
    try:
        services.revoke(
            cert,
            actor=current_user,
            reason=form.reason.data,
            public_note=form.public_note.data,
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for(".detail", cert_id=cert.id))
    db.session.commit()
    flash(_("Sertifikat %(serial)s dicabut.", serial=cert.serial), "success")
    return redirect(url_for(".detail", cert_id=cert.id))


@bp.route("/bulk.<fmt>")
@role_required(rules.READ_PROGRAMME)
def bulk(fmt):
    if fmt not in ("pdf", "zip"):
        abort(404)
    course, session, unit = _filters(scope_of(current_user))
    if course is None and session is None and unit is None:
        flash(_("Pilih kursus, sesi atau satuan untuk unduhan massal."), "warning")
        return redirect(url_for(".index"))
    stmt = bulk_files.selection(
        scope_of(current_user),
        course,
        session,
        unit,
        include_revoked=request.args.get("include_revoked") == "1",
    )
    ids = bulk_files.ids_of(stmt, limit=BULK_MAX + 1)
    refused = _bulk_refusal(ids)
    if refused:
        flash(*refused)
        return redirect(url_for(".index", **query_args()))
    name = bulk_files.file_name(course, session, unit)
    return _bulk_response(ids, fmt, {"Content-Disposition": f"attachment; filename={name}.{fmt}"})


def _bulk_refusal(ids) -> tuple[str, str] | None:
    """The flash (message, category) refusing a direct bulk download, or None."""
    if not ids:
        return _("Tidak ada sertifikat untuk diunduh."), "info"
    if len(ids) > BULK_MAX:
        return (
            _("Terlalu banyak sertifikat (lebih dari %(n)d); persempit pilihan.", n=BULK_MAX),
            "warning",
        )
    unprintable = bulk_files.unprintable(ids)
    if unprintable:
        return unprintable_message(*unprintable), "danger"
    return None


def _bulk_response(ids, fmt: str, headers: dict) -> Response:
    if fmt == "pdf":
        # reportlab loads with the first PDF, not with every worker
        from training.certificates.pdf import render_many

        # One PDF is only complete at its end, so it is built first and sent with its
        # Content-Length: a transfer cut short (a killed worker) can never look complete,
        # even to an HTTP/1.0 client or proxy, which would not see a chunked stream end.
        data = render_many(bulk_files.iter_certs(ids), codes.verify_url)
        return Response(data, mimetype="application/pdf", headers=headers)
    from training.certificates.bundle import iter_zip  # reportlab loads with the first PDF

    # Streamed in chunks (no Content-Length): a cut transfer lacks the final chunk, and a
    # truncated ZIP lacks its central directory, so it does not open.
    body = iter_zip(bulk_files.iter_certs(ids), codes.verify_url)
    return Response(stream_with_context(body), mimetype="application/zip", headers=headers)
