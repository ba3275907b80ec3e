"""Forms of the readiness-report sign-off pages.

Every action form carries ``version`` (the number of steps the viewer saw), so a page left
open while somebody else moved the report gets a clear message instead of acting blindly.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from training.core.forms import Form
from training.signoff import workflow

NOTE_MAX = 5000
REASON_MAX = 1000


class _Versioned(Form):
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class ReportForm(_Versioned):
    note = TextAreaField(
        _l("Catatan laporan"),
        validators=[Length(max=NOTE_MAX)],
        description=_l(
            "Ringkasan kesiapan satuan pada siklus ini: capaian, kendala dan rencana tindak lanjut."
        ),
        render_kw={"rows": 6},
    )


class SubmitForm(_Versioned):
    pass


class VerifyForm(_Versioned):
    verify_note = TextAreaField(
        _l("Catatan verifikasi (tidak wajib)"),
        validators=[Optional(), Length(max=REASON_MAX)],
        render_kw={"rows": 2},
    )


class ReturnForm(_Versioned):
    reason = TextAreaField(
        _l("Alasan pengembalian"),
        validators=[DataRequired(_l("Tuliskan alasan pengembalian.")), Length(max=REASON_MAX)],
        render_kw={"rows": 3},
    )


class AttachmentForm(Form):
    file = FileField(
        _l("Berkas bukti (PDF, PNG atau JPEG)"),
        validators=[FileRequired(_l("Pilih berkas yang akan dilampirkan."))],
    )


class DeleteAttachmentForm(Form):
    pass


def detail_forms(user, report, bound: dict) -> dict:
    """The action forms the detail page shows ``user``: the bound ones of a refused post in
    ``bound`` (by name), fresh ones carrying the report's version for the others."""
    version = workflow.version_of(report)
    forms = {}
    if workflow.can_edit(user, report):
        forms["submit_form"] = bound.get("submit_form") or SubmitForm(version=version)
        forms["upload_form"] = bound.get("upload_form") or AttachmentForm()
        forms["delete_form"] = DeleteAttachmentForm()
    if workflow.can_verify(user, report):
        forms["verify_form"] = bound.get("verify_form") or VerifyForm(version=version)
        forms["return_form"] = bound.get("return_form") or ReturnForm(version=version)
    return forms
