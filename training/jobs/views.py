"""Job pages: "Pekerjaan saya", one job's progress and result, and starting a bulk
certificate export. Only the requester and admins see a job (404 for anyone else)."""

from __future__ import annotations

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
from flask_login import current_user, login_required

from training.certificates import bulk
from training.core.templating import query_args
from training.extensions import db
from training.jobs import services
from training.jobs.models import Job
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import scope_of

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def job_or_404(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or not services.visible_to(current_user, job):
        abort(404)
    return job


@bp.route("/")
@login_required
def index():
    everyone = request.args.get("all") == "1" and rules.SEE_ALL_JOBS(current_user)
    jobs = services.jobs_of(current_user, everyone=everyone)
    owners = services.requesters(jobs) if everyone else {}
    return render_template("jobs/index.html", jobs=jobs, everyone=everyone, owners=owners)


@bp.route("/<int:job_id>")
@login_required
def detail(job_id):
    job = job_or_404(job_id)
    return render_template("jobs/detail.html", job=job, downloadable=services.downloadable(job))


@bp.route("/<int:job_id>/download")
@login_required
def download(job_id):
    job = job_or_404(job_id)
    if not services.downloadable(job):
        abort(404)
    try:
        return send_file(job.result_path, as_attachment=True, download_name=job.result_name)
    except FileNotFoundError:
        abort(404)


@bp.post("/certificates")
@role_required(rules.READ_PROGRAMME)
def start_certificates():
    """A bulk certificate file (PDF or ZIP) for a course, session or unit, up to the nation."""
    course, session, unit = bulk.filters(scope_of(current_user), request.args)
    back = url_for("certificates.index", **query_args())
    if course is None and session is None and unit is None:
        flash(_("Pilih kursus, sesi atau satuan untuk unduhan massal."), "warning")
        return redirect(back)
    revoked = request.form.get("include_revoked") == "1"
    stmt = bulk.selection(scope_of(current_user), course, session, unit, include_revoked=revoked)
    count = bulk.count_of(stmt)
    refusal = _too_few_or_many(count)
    if refusal:
        flash(*refusal)
        return redirect(back)
    params = _export_params(course, session, unit, revoked)
    return _started("certificates_export", params, unit.id if unit else None)


def _export_params(course, session, unit, revoked: bool) -> dict:
    return {
        "fmt": "pdf" if request.form.get("fmt") == "pdf" else "zip",
        "course": course.id if course else None,
        "session": session.id if session else None,
        "unit": unit.code if unit else None,
        "revoked": revoked,
        "base_url": request.host_url,  # the verification links printed on the certificates
    }


@bp.post("/reminders")
@role_required(rules.SEND_REMINDERS)
def start_reminders():
    """Queue the expiry reminders and send the outbox as a job (as beat does every day)."""
    return _started("reminders", {"days": [30, 7]})


def _too_few_or_many(count: int) -> tuple[str, str] | None:
    if not count:
        return _("Tidak ada sertifikat untuk diunduh."), "info"
    limit = current_app.config["JOBS_BULK_MAX"]
    if count > limit:
        return _("Terlalu banyak sertifikat (lebih dari %(n)d); persempit pilihan.", n=limit), (
            "warning"
        )
    return None


def _started(kind: str, params: dict, unit_id: int | None = None):
    job = services.create(kind, params, user=current_user, unit_id=unit_id)
    db.session.commit()
    services.start(job)
    return redirect(url_for("jobs.detail", job_id=job.id))


def start_import(importer, token: str, note: dict, done: str):
    """A confirmed large import as a job (called by core/importflow)."""
    params = {"importer": importer.name, "token": token, "rows": note.get("rows"), "done": done}
    return _started("import", params)
