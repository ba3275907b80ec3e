"""Sign-off pages of the periodic readiness reports: list, write, detail, chain actions, evidence.

Readers (admins, trainers, commanders) see the reports of Polres inside their scope; anything
outside it answers 404. Acting is for the chain's members: the Polres's commander writes and
submits, the Polda's commander and then HQ verify or return; anybody else inside the scope
gets 403. Every state change is a POST carrying the version the viewer saw.
"""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from training.core.guards import db_id
from training.errors import RuleViolation
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import scope_of, unit_or_404
from training.programs.models import Cycle
from training.signoff import attachments, labels, queries, workflow
from training.signoff.forms import (
    AttachmentForm,
    DeleteAttachmentForm,
    ReportForm,
    ReturnForm,
    SubmitForm,
    VerifyForm,
    detail_forms,
)
from training.signoff.models import ReadinessReport, ReportAttachment, ReportState
from training.signoff.queries import report_or_404
from training.units.models import UnitLevel

bp = Blueprint("signoff", __name__, url_prefix="/readiness/reports")
#: Room for the multipart envelope and the CSRF field around one attachment.
FORM_MARGIN = 256 * 1024


@bp.url_value_preprocessor
def _attachment_request_limit(endpoint, _values):
    """Let an attachment up to twice the allowed size through the request limit.

    So that a file somewhat too large gets the attachment's own message instead of the
    generic 413 page. URL value preprocessors run before every before_request hook (CSRF,
    the NUL guard), the first to read the body: the last moment the limit can change.
    """
    if endpoint == "signoff.upload":
        request.max_content_length = max(
            current_app.config.get("MAX_CONTENT_LENGTH") or 0,
            2 * attachments.max_bytes() + FORM_MARGIN,
        )


@bp.route("/")
@role_required(rules.READ_PROGRAMME)
def index():
    cycle_id = request.args.get("cycle", type=db_id)
    state = request.args.get("state", "")
    state = state if state in set(ReportState) else ""
    waiting = request.args.get("mine") == "1"
    stmt = queries.reports_query(
        scope_of(current_user),
        cycle_id=cycle_id,
        state=state or None,
        waiting_for=current_user if waiting else None,
    )
    cycles = queries.open_cycles()
    return render_template(
        "signoff/index.html",
        page=db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False),
        cycles=cycles,
        state=state,
        waiting=waiting,
        cycle_id=cycle_id,
        states=list(ReportState),
        labels=labels,
        **queries.own_panels(current_user, cycles, cycle_id),
    )


@bp.route("/write", methods=["GET", "POST"])
@role_required(rules.SIGN_OFF)
def write():
    unit = unit_or_404(scope_of(current_user), request.args.get("unit", "").strip())
    cycle = db.session.get(Cycle, request.args.get("cycle", type=db_id) or 0)
    if unit.level != UnitLevel.POLRES or cycle is None:
        abort(404)
    if not workflow.is_polres_actor(current_user, unit):
        abort(403)
    report = workflow.find_report(cycle, unit)
    if report is not None and report.state not in workflow.EDITABLE and request.method == "GET":
        flash(_("Laporan ini sudah dikirim dan tidak dapat diubah lagi."), "info")
        return redirect(url_for(".detail", report_id=report.id))
    form = ReportForm(note=report.note if report else "", version=workflow.version_of(report))
    if form.validate_on_submit():
        report, saved = _save_report(cycle, unit, report, form)
        if saved:
            return redirect(url_for(".detail", report_id=report.id))
    return render_template(
        "signoff/write.html",
        form=form,
        unit=unit,
        cycle=cycle,
        report=report,
        labels=labels,
    )


def _save_report(cycle, unit, report, form) -> tuple[ReadinessReport | None, bool]:
    """Save the note (creating the report) and commit; on a refusal roll back and flash.
    Returns the report as it now stands and whether it was saved."""
    try:
        report = report or workflow.get_or_create_report(cycle, unit)
        workflow.save_note(report, current_user, form.note.data, version=form.version.data)
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return workflow.find_report(cycle, unit), False
    db.session.commit()
    flash(_("Laporan disimpan. Lampirkan bukti lalu kirim ke Polda."), "success")
    return report, True


@bp.route("/<int:report_id>")
@role_required(rules.READ_PROGRAMME)
def detail(report_id):
    return _render_detail(report_or_404(current_user, report_id))


def _render_detail(report: ReadinessReport, **bound):
    forms = detail_forms(current_user, report, bound)
    preview = None
    if report.figures is None:
        preview = workflow.frozen_figures(report, workflow.figures_day(report, datetime.now(UTC)))
    return render_template(
        "signoff/detail.html",
        report=report,
        preview=preview,
        labels=labels,
        max_files=attachments.MAX_FILES,
        max_size=attachments.format_size(attachments.max_bytes()),
        **forms,
    )


def _act(report_id: int, action: str, form_name: str, form, run):
    """Shared body of the chain actions: scope, actor, form, service, commit, message.

    ``run(report, form)`` performs the step and returns the success message.
    """
    report = report_or_404(current_user, report_id)
    if not workflow.may_take_part(current_user, report, action):
        abort(403)
    if not form.validate_on_submit():
        return _render_detail(report, **{form_name: form})
    try:
        done = run(report, form)
    except workflow.WrongActor:
        db.session.rollback()
        abort(403)
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for(".detail", report_id=report_id))


@bp.post("/<int:report_id>/submit")
@role_required(rules.SIGN_OFF)
def submit(report_id):
    def run(report, form):
        workflow.submit(report, current_user, version=form.version.data)
        return _("Laporan dikirim ke Polda untuk diverifikasi.")

    return _act(report_id, workflow.SUBMIT, "submit_form", SubmitForm(), run)


@bp.post("/<int:report_id>/verify")
@role_required(rules.SIGN_OFF)
def verify(report_id):
    def run(report, form):
        note = form.verify_note.data or ""
        step = workflow.verify(report, current_user, note=note, version=form.version.data)
        if step.action == workflow.VERIFY_HQ:
            return _("Laporan diverifikasi Mabes dan kini final.")
        return _("Laporan diverifikasi dan diteruskan ke Mabes.")

    return _act(report_id, workflow.VERIFY_POLDA, "verify_form", VerifyForm(), run)


@bp.post("/<int:report_id>/return")
@role_required(rules.SIGN_OFF)
def return_report(report_id):
    def run(report, form):
        workflow.return_report(report, current_user, form.reason.data, version=form.version.data)
        return _("Laporan dikembalikan ke Polres beserta alasannya.")

    return _act(report_id, workflow.RETURN, "return_form", ReturnForm(), run)


@bp.post("/<int:report_id>/attachments")
@role_required(rules.SIGN_OFF)
def upload(report_id):
    report = report_or_404(current_user, report_id)
    if not workflow.is_polres_actor(current_user, report.unit):
        abort(403)
    form = AttachmentForm()
    if not form.validate_on_submit():
        return _render_detail(report, upload_form=form)
    upload_file = form.file.data
    name = upload_file.filename or ""
    try:
        data = upload_file.stream.read(attachments.max_bytes() + 1)
        attachment = attachments.add_attachment(report, current_user, name, data)
    except RuleViolation as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        _flash_added(name, attachment)
    return redirect(url_for(".detail", report_id=report_id))


def _flash_added(name: str, attachment: ReportAttachment) -> None:
    flash(_("Lampiran %(name)s ditambahkan.", name=attachment.filename), "success")
    if attachments.renamed(name, attachment):
        message = _(
            "Isi berkas %(name)s ternyata %(type)s; nama berkas disesuaikan.",
            name=name,
            type=attachments.type_name(attachment.content_type),
        )
        flash(message, "info")


def _attachment_or_404(report: ReadinessReport, attachment_id: int) -> ReportAttachment:
    attachment = db.session.get(ReportAttachment, attachment_id)
    if attachment is None or attachment.report_id != report.id:
        abort(404)
    return attachment


@bp.route("/<int:report_id>/attachments/<int:attachment_id>")
@role_required(rules.READ_PROGRAMME)
def download(report_id, attachment_id):
    attachment = _attachment_or_404(report_or_404(current_user, report_id), attachment_id)
    response = send_file(
        BytesIO(attachment.data),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<int:report_id>/attachments/<int:attachment_id>/delete")
@role_required(rules.SIGN_OFF)
def delete_attachment(report_id, attachment_id):
    report = report_or_404(current_user, report_id)
    if not workflow.is_polres_actor(current_user, report.unit):
        abort(403)
    attachment = _attachment_or_404(report, attachment_id)
    if DeleteAttachmentForm().validate_on_submit():
        try:
            attachments.delete_attachment(report, attachment, current_user)
        except RuleViolation as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(_("Lampiran %(name)s dihapus.", name=attachment.filename), "success")
    return redirect(url_for(".detail", report_id=report_id))
