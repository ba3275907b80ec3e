"""What each kind of job does, reusing the features' own services: bulk certificate
files, confirmed imports, readiness snapshots and expiry reminders.

A kind is ``fn(job, progress) -> Outcome``; it raises JobFailed with a reason the
requester can act on. Kinds do not commit their writes: the runner commits them together
with the job's final state (an import is written once, with its job marked done), except
where each step is idempotent on its own (a day's snapshot, the mail outbox).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from training.auth.models import User
from training.certificates import bulk, codes, outbox, reminders
from training.certificates.views import unprintable_message
from training.core import importstash
from training.core.dates import parse_day
from training.core.tabular import ImportFailed
from training.core.timefmt import local_day
from training.extensions import db
from training.jobs.imports import IMPORTERS
from training.jobs.runner import JobFailed, Outcome, Progress, result_file
from training.policy.scope import Scope, scope_of
from training.programs.models import Course, Program
from training.readiness.snapshots import programs_running_on, take_snapshot
from training.sessions.models import TrainingSession
from training.units.models import Unit


def _requester_scope(job) -> Scope:
    user = db.session.get(User, job.requested_by_id or 0)
    if user is None or not user.is_active:
        raise JobFailed(_("Akun peminta tidak aktif lagi; pekerjaan dibatalkan."))
    return scope_of(user)


_LOOKUPS = (
    ("course", lambda value: db.session.get(Course, value)),
    ("session", lambda value: db.session.get(TrainingSession, value)),
    ("unit", lambda value: db.session.scalar(select(Unit).where(Unit.code == value))),
)


def _certificate_filters(params: dict) -> tuple:
    """The course, session and unit the job was started with (None where not given)."""
    found = []
    for key, lookup in _LOOKUPS:
        value = lookup(params[key]) if params.get(key) else None
        if params.get(key) and value is None:
            raise JobFailed(_("Kursus, sesi atau satuan yang dipilih sudah tidak ada."))
        found.append(value)
    return tuple(found)


def certificates_export(job, progress: Progress) -> Outcome:
    """All certificates of the selection as one PDF or a ZIP of PDFs (ids in order)."""
    params = job.params
    course, session, unit = _certificate_filters(params)
    stmt = bulk.selection(
        _requester_scope(job), course, session, unit, include_revoked=params.get("revoked")
    )
    ids = bulk.ids_of(stmt)
    if not ids:
        raise JobFailed(_("Tidak ada sertifikat untuk diunduh."))
    progress(0, len(ids), _("Memeriksa huruf pada sertifikat…"))
    unprintable = bulk.unprintable(ids)
    if unprintable:
        raise JobFailed(unprintable_message(*unprintable))
    progress(0, len(ids), _("Membuat berkas sertifikat…"))
    fmt = "pdf" if params.get("fmt") == "pdf" else "zip"

    def counted():
        for number, cert in enumerate(bulk.iter_certs(ids), start=1):
            yield cert
            progress(number)

    def write(handle):
        # reportlab loads with the first PDF, not with every worker
        from training.certificates.bundle import iter_zip
        from training.certificates.pdf import render_many

        with current_app.test_request_context(base_url=params.get("base_url") or None):
            if fmt == "pdf":
                handle.write(render_many(counted(), codes.verify_url))
            else:
                for chunk in iter_zip(counted(), codes.verify_url):
                    handle.write(chunk)

    path = result_file(job, fmt, write)
    name = f"{bulk.file_name(course, session, unit)}.{fmt}"
    return Outcome(_("%(n)d sertifikat siap diunduh.", n=len(ids)), path, name)


def confirmed_import(job, progress: Progress) -> Outcome:
    """A previewed upload, written if its outcome is still the one that was shown."""

    importer = IMPORTERS[job.params["importer"]]
    kept = importstash.load(job.params["token"], job.requested_by_id, importer.name)
    if kept is None:
        raise JobFailed(_("Pratinjau impor tidak ditemukan atau sudah kedaluwarsa; unggah ulang."))
    data, note = kept
    try:
        rows = importer.read(note["filename"], data)
        progress(0, len(rows), _("Memeriksa baris…"))
        counter = _Counter(progress)
        preview = importer.preview(rows, progress=counter)
    except ImportFailed as exc:
        raise JobFailed(
            _("Berkas impor ditolak (%(n)d kesalahan); unggah ulang.", n=len(exc.errors))
        ) from exc
    if preview.digest() != note["digest"]:
        raise JobFailed(
            _("Data berubah sejak pratinjau dibuat; unggah ulang lalu periksa pratinjaunya.")
        )
    progress(counter.done, None, _("Menyimpan…"))
    importer.apply(preview, db.session.get(User, job.requested_by_id))
    return Outcome(_("Impor selesai: %(summary)s.", summary=preview.counts.text()))


class _Counter:
    """The importers' ``progress(step)`` as the job's running total."""

    def __init__(self, progress: Progress) -> None:
        self.progress, self.done = progress, 0

    def __call__(self, step: int = 1) -> None:
        self.done += step
        self.progress(self.done)


def readiness_snapshot(job, progress: Progress) -> Outcome:
    """Every running programme's readiness on the day (default: today); idempotent per day."""
    day = parse_day(job.params.get("day")) if job.params.get("day") else local_day()
    programs = programs_running_on(day)
    if job.params.get("program"):
        programs = [p for p in [db.session.get(Program, job.params["program"])] if p]
    rows = 0
    progress(0, len(programs), _("Mencatat snapshot kesiapan…"))
    for number, program in enumerate(programs, start=1):
        rows += take_snapshot(program, day)
        db.session.commit()
        progress(number)
    return Outcome(
        _(
            "Selesai: %(rows)d baris snapshot untuk %(jobs)d hari-program.",
            rows=rows,
            jobs=len(programs),
        )
    )


def send_reminders(job, progress: Progress) -> Outcome:
    """Queue the expiry reminders, then send the outbox when mail is configured."""
    queued = reminders.queue_reminders(days=tuple(job.params.get("days") or (30, 7)))
    db.session.commit()
    if not outbox.mail_configured():
        return Outcome(
            _("%(n)d pengingat masuk antrean.", n=queued)
            + " "
            + _("Server email belum dikonfigurasi; pesan tetap tersimpan di antrean.")
        )
    counter = _Counter(progress)
    progress(0, len(outbox.pending_messages()), _("Mengirim email"))
    sent, failed = outbox.send_outbox(progress=counter)
    return Outcome(_("%(sent)d pesan terkirim, %(failed)d gagal.", sent=sent, failed=failed))


KINDS = {
    "certificates_export": certificates_export,
    "import": confirmed_import,
    "readiness_snapshot": readiness_snapshot,
    "reminders": send_reminders,
}
