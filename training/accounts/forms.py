"""Forms of the social-media account registry: the account form and the import upload."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from training.accounts.services import NOTE_MAX, PLATFORM_LABELS, STATUS_LABELS, URL_MAX
from training.core.forms import UNIT_PICKER, Form

REQUIRED = DataRequired(message=_l("Wajib diisi."))


class AccountForm(Form):
    unit_code = StringField(
        _l("Kode satuan"),
        validators=[REQUIRED, Length(max=32)],
        description=_l("Kode satuan pemilik akun, misalnya 15.16 (lihat daftar Satuan)."),
        render_kw=UNIT_PICKER,
    )
    platform = SelectField(_l("Platform"), validators=[REQUIRED])
    handle = StringField(
        _l("Nama akun"),
        validators=[REQUIRED, Length(max=101)],
        description=_l("Tanpa @; huruf, angka, titik, garis bawah atau tanda hubung."),
    )
    url = StringField(
        _l("URL profil (boleh kosong)"),
        validators=[Length(max=URL_MAX)],
        description=_l("Alamat halaman profil di platform itu, diawali https://."),
    )
    verified = BooleanField(_l("Terverifikasi (centang biru)"))
    verified_on = DateField(
        _l("Tanggal verifikasi"),
        validators=[Optional()],
        description=_l("Wajib diisi bila akun terverifikasi."),
    )
    evidence_note = TextAreaField(
        _l("Catatan bukti (boleh kosong)"),
        validators=[Length(max=NOTE_MAX)],
        description=_l("Misalnya: tangkapan layar profil diarsipkan Bid Humas, tanggal dan nomor."),
    )
    status = SelectField(_l("Status"), validators=[REQUIRED])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.platform.choices = [SelectChoice("", str(_l("— pilih platform —")))] + [
            SelectChoice(code.value, str(label)) for code, label in PLATFORM_LABELS.items()
        ]
        self.status.choices = [
            SelectChoice(code.value, str(label)) for code, label in STATUS_LABELS.items()
        ]


class AccountImportForm(Form):
    file = FileField(
        _l("Berkas CSV atau XLSX"), validators=[FileRequired(_l("Pilih berkas yang diunggah."))]
    )
