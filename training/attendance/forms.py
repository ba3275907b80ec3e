"""Forms of the attendance pages. The roll call's per-person rows are named
``status-<person id>`` and ``note-<person id>`` and read by ``marks_from``."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from training.attendance.services import Mark
from training.core.forms import Form


class RollCallForm(Form):
    reason = TextAreaField(
        _l("Alasan perubahan (wajib setelah ditandatangani)"),
        validators=[Optional(), Length(max=500)],
    )


class ConfirmForm(Form):
    """A bare form: CSRF protection for one-button POSTs."""


class SignoffForm(Form):
    """Signing off the roll call locks it for good (only an admin changes it afterwards):
    an explicit "Saya yakin" is required; a note goes to the audit log."""

    note = TextAreaField(
        _l("Catatan penandatanganan (boleh kosong)"), validators=[Optional(), Length(max=500)]
    )
    confirm = BooleanField(
        _l("Saya yakin: daftar hadir sudah benar dan dikunci setelah ditandatangani."),
        validators=[DataRequired(message=_l("Centang konfirmasi untuk menandatangani."))],
    )

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class CheckinForm(Form):
    session_id = SelectField(_l("Sesi"), coerce=int, validators=[DataRequired()])
    code = StringField(
        _l("Kode presensi"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("6 karakter yang tampil di layar pelatih."),
    )


def marks_from(formdata, person_ids) -> list[Mark]:
    """The rows of the posted sheet for the given people (absent fields: no change)."""
    return [
        Mark(
            person_id=pid,
            status=(formdata.get(f"status-{pid}") or "").strip(),
            note=(formdata.get(f"note-{pid}") or "").strip(),
        )
        for pid in person_ids
    ]
