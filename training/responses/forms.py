"""Forms of the response pages: one mention, its first response, its resolution, the
import upload and a programme's response targets. Times are typed in the unit's zone."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from training.core.forms import PERSON_PICKER, Form
from training.responses.services import CATEGORY_LABELS, KEY_MAX, URL_MAX

REQUIRED = DataRequired(message=_l("Wajib diisi."))
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


def _time(label, *validators):
    return DateTimeLocalField(label, validators=list(validators), format=LOCAL_FORMATS)


def _person(label):
    return StringField(
        label,
        validators=[Optional(), Length(max=18)],
        description=_l("NRP atau NIP personel yang menjawab (boleh kosong)."),
        render_kw=PERSON_PICKER,
    )


def _reply_url():
    return StringField(
        _l("Tautan balasan (boleh kosong)"),
        validators=[Optional(), Length(max=URL_MAX)],
        description=_l("Alamat balasan di platform, diawali https://."),
    )


class MentionForm(Form):
    mention_key = StringField(
        _l("ID atau URL mention"),
        validators=[REQUIRED, Length(max=KEY_MAX)],
        description=_l("ID dari platform atau alamat mention; satu mention dicatat sekali."),
    )
    received_at = _time(_l("Diterima"), REQUIRED)
    category = SelectField(_l("Kategori"), validators=[REQUIRED])
    first_response_at = _time(_l("Respons pertama (boleh kosong)"), Optional())
    responded_by = _person(_l("Dijawab oleh"))
    reply_url = _reply_url()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [SelectChoice("", str(_l("— pilih kategori —")))] + [
            SelectChoice(code.value, str(label)) for code, label in CATEGORY_LABELS.items()
        ]


class AnswerForm(Form):
    answered_at = _time(_l("Dijawab pada"), REQUIRED)
    responded_by = _person(_l("Dijawab oleh"))
    reply_url = _reply_url()


class ResolveForm(Form):
    resolved_at = _time(_l("Selesai pada"), REQUIRED)


class MentionImportForm(Form):
    file = FileField(
        _l("Berkas CSV atau XLSX"), validators=[FileRequired(_l("Pilih berkas yang diunggah."))]
    )


class TargetsForm(Form):
    aduan = IntegerField(_l("Aduan (menit)"), validators=[REQUIRED, NumberRange(1, 10080)])
    pertanyaan = IntegerField(
        _l("Pertanyaan (menit)"), validators=[REQUIRED, NumberRange(1, 10080)]
    )
    informasi = IntegerField(_l("Informasi (menit)"), validators=[REQUIRED, NumberRange(1, 10080)])
    isu_negatif = IntegerField(
        _l("Isu negatif (menit)"), validators=[REQUIRED, NumberRange(1, 10080)]
    )
