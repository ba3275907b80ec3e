"""Forms of the units feature: create, edit, move and import."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from training.core.forms import UNIT_PICKER, Form
from training.core.labels import LEVEL_LABELS
from training.core.timefmt import TIMEZONES
from training.units.models import UNIT_TYPES, UnitLevel
from training.units.services import CODE_MAX, NAME_MAX


def _timezone_choices():
    return [SelectChoice(tz, f"{label} ({tz})") for tz, label in TIMEZONES.items()]


def _type_choices():
    return [SelectChoice("", _l("Otomatis dari nama"))] + [SelectChoice(t, t) for t in UNIT_TYPES]


class UnitEditForm(Form):
    code = StringField(_l("Kode"), validators=[DataRequired(), Length(max=CODE_MAX)])
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=NAME_MAX)])
    unit_type = SelectField(_l("Jenis"), choices=_type_choices, validators=[Optional()])
    timezone = SelectField(_l("Zona waktu"), choices=_timezone_choices)


class UnitCreateForm(UnitEditForm):
    level = SelectField(
        _l("Tingkat satuan"),
        choices=[SelectChoice(level.value, LEVEL_LABELS[level.value]) for level in UnitLevel],
    )
    parent_code = StringField(
        _l("Kode induk"),
        validators=[Optional(), Length(max=CODE_MAX)],
        description=_l("Kosongkan hanya untuk Mabes Polri."),
        render_kw=UNIT_PICKER,
    )


class UnitMoveForm(Form):
    parent_code = StringField(
        _l("Kode induk baru"),
        validators=[DataRequired(), Length(max=CODE_MAX)],
        render_kw=UNIT_PICKER,
    )


class UnitImportForm(Form):
    file = FileField(_l("Berkas CSV atau XLSX"), validators=[FileRequired()])
