"""Forms of the course materials pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from training.core.forms import Form

TITLE_MAX = 200
DESCRIPTION_MAX = 5000


class ModuleForm(Form):
    title = StringField(
        _l("Judul modul"),
        validators=[DataRequired(_l("Tuliskan judul modul.")), Length(max=TITLE_MAX)],
    )
    description = TextAreaField(
        _l("Uraian (tidak wajib)"),
        validators=[Optional(), Length(max=DESCRIPTION_MAX)],
        render_kw={"rows": 4},
    )


class FileItemForm(Form):
    file_title = StringField(
        _l("Judul berkas (tidak wajib)"), validators=[Optional(), Length(max=TITLE_MAX)]
    )
    file = FileField(
        _l("Berkas (PDF, salindia PPTX/ODP, gambar, video pendek MP4/WebM)"),
        validators=[FileRequired(_l("Pilih berkas yang akan diunggah."))],
    )


class LinkItemForm(Form):
    link_title = StringField(
        _l("Judul tautan (tidak wajib)"), validators=[Optional(), Length(max=TITLE_MAX)]
    )
    url = StringField(
        _l("Alamat tautan"),
        validators=[DataRequired(_l("Tuliskan alamat tautan.")), Length(max=500)],
        render_kw={"placeholder": "https://", "inputmode": "url"},
    )


class MoveForm(Form):
    direction = HiddenField(validators=[AnyOf(("up", "down"))])


class ActionForm(Form):
    """A bare POST (CSRF only): delete, mark done."""


class SettingsForm(Form):
    required_before_post_test = BooleanField(
        _l("Peserta wajib menyelesaikan semua modul sebelum post-test")
    )


class DeleteModuleForm(Form):
    confirm = BooleanField(
        _l("Saya yakin: modul, berkasnya dan catatan kemajuan peserta ikut terhapus"),
        validators=[DataRequired(_l("Centang konfirmasi untuk menghapus modul."))],
    )
