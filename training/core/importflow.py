"""The web side of every import: upload, preview, confirm; errors as a page and a CSV.

An upload is read and validated but nothing is written: the page shows what would change
(new, changed, moved, unchanged, and each changed field before and after) and keeps the
upload server-side under a random token bound to the user. Confirming (a second POST with
CSRF) validates the kept file again and writes it only if the outcome is still the one
that was shown. A refused file lists its first errors; the full list is a CSV download.
Every blueprint using this names its routes ``import_``, ``import_confirm`` and
``import_errors``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired

from training.core.importplan import Importer
from training.core.importstash import discard, load, stash
from training.core.tabular import ImportFailed, RowError, iter_csv
from training.extensions import db

ERRORS_HEADER = ("baris", "kesalahan")
#: Set by training/jobs (a layer above): ``defer(importer, token, note, done)`` runs a
#: large confirmed import as a job and answers with its page.
_deferred: list[Callable] = []


def defer_large_imports(defer: Callable) -> None:
    """Confirmations of IMPORT_JOB_MIN_ROWS rows or more go to ``defer``."""
    _deferred[:] = [defer]


class ConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


def import_page(importer: Importer, form, template: str, **context):
    """The import page; a valid upload answers with its preview or its errors."""
    if form.validate_on_submit():
        upload = form.file.data
        return _check(importer, upload.filename or "", upload.read(), form, template, context)
    return render_template(template, form=form, **context)


def confirm_import(importer: Importer, form, template: str, done: str, **context):
    """Write the previewed upload if the user confirms and the outcome is unchanged."""
    confirm = ConfirmForm()
    token = confirm.token.data or ""
    kept = load(token, current_user.id, importer.name) if confirm.validate_on_submit() else None
    if kept is None:
        flash(_("Pratinjau impor tidak ditemukan atau sudah kedaluwarsa; unggah ulang."), "warning")
        return redirect(url_for(".import_"))
    data, note = kept
    if _deferred and note.get("rows", 0) >= current_app.config["IMPORT_JOB_MIN_ROWS"]:
        return _deferred[0](importer, token, note, done)
    try:
        preview = importer.preview(importer.read(note["filename"], data))
    except ImportFailed as exc:
        db.session.rollback()
        discard(token)
        return render_template(template, form=form, **context, **_errors(importer, exc.errors))
    if preview.digest() != note["digest"]:
        db.session.rollback()
        flash(_("Data berubah sejak pratinjau dibuat: periksa pratinjau ini lalu konfirmasi lagi."))
        return _preview_page(importer, preview, note["filename"], data, form, template, context)
    importer.apply(preview, current_user._get_current_object())
    db.session.commit()
    discard(token)  # only now: a failed write (a full disk) may be confirmed again
    flash(_("Impor selesai: %(summary)s.", summary=preview.counts.text()), "success")
    return redirect(done)


def errors_csv(importer: Importer, token: str) -> Response:
    """The full error list of a refused upload of this user."""
    kept = load(token, current_user.id, f"{importer.name}-errors")
    if kept is None:
        abort(404)
    return Response(
        kept[0],
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=kesalahan-{importer.name}.csv"},
    )


def _check(importer: Importer, filename: str, data: bytes, form, template: str, context):
    try:
        preview = importer.preview(importer.read(filename, data))
    except ImportFailed as exc:
        db.session.rollback()
        return render_template(template, form=form, **context, **_errors(importer, exc.errors))
    db.session.rollback()  # a preview writes nothing
    return _preview_page(importer, preview, filename, data, form, template, context)


def _preview_page(importer, preview, filename, data, form, template, context):
    token = stash(
        current_user.id,
        importer.name,
        data,
        filename=filename,
        digest=preview.digest(),
        rows=len(preview.rows),
    )
    return render_template(
        template,
        form=form,
        **context,
        preview=preview,
        shown=preview.shown(current_app.config["IMPORT_PREVIEW_ROWS"]),
        confirm_form=ConfirmForm(formdata=None, token=token),
    )


def _errors(importer: Importer, errors: list[RowError]) -> dict:
    """The page values of a refused file: the first errors, the count, the CSV link."""
    limit = current_app.config["IMPORT_ERRORS_SHOWN"]
    page = {"errors": errors[:limit], "error_total": len(errors), "errors_url": None}
    if len(errors) > limit:
        rows = ((e.line or "", e.message) for e in errors)
        body = "".join(iter_csv(ERRORS_HEADER, rows)).encode("utf-8")
        token = stash(current_user.id, f"{importer.name}-errors", body)
        page["errors_url"] = url_for(".import_errors", token=token)
    return page
