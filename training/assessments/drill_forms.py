"""Forms of the response drill: a scenario, the bank's import, starting a drill, a reply,
finishing; and the parsing of the scoring board (its fields depend on the data)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from training.assessments.drill_scenarios import CATEGORY_LABELS, PLATFORM_LABELS
from training.assessments.drill_services import MAX_ITEMS
from training.core.forms import Form

CELL = re.compile(r"^level-(\d{1,9})-(\d{1,9})$")
SCENARIO = re.compile(r"^\d{1,9}$")


class ScenarioForm(Form):
    code = StringField(
        _l("Kode"),
        validators=[DataRequired(), Length(max=32)],
        description=_l("Contoh: CURI-MOTOR. Huruf besar, angka, - atau _."),
    )
    title = StringField(_l("Judul"), validators=[DataRequired(), Length(max=200)])
    platform = SelectField(
        _l("Platform"), choices=[SelectChoice(k.value, v) for k, v in PLATFORM_LABELS.items()]
    )
    handle = StringField(_l("Akun warga (tanpa @)"), validators=[DataRequired(), Length(max=60)])
    category = SelectField(
        _l("Kategori"), choices=[SelectChoice(k.value, v) for k, v in CATEGORY_LABELS.items()]
    )
    mention_text = TextAreaField(
        _l("Teks mention warga"), validators=[DataRequired(), Length(max=1000)]
    )
    rubric = TextAreaField(
        _l("Isi balasan yang baik (petunjuk penilaian)"),
        validators=[DataRequired(), Length(max=2000)],
    )


class ScenarioImportForm(Form):
    file = FileField(
        _l("Berkas CSV atau XLSX"), validators=[FileRequired(_l("Pilih berkas yang diunggah."))]
    )


class StartDrillForm(Form):
    count = IntegerField(
        _l("Atau jumlah skenario acak"),
        validators=[Optional(), NumberRange(min=1, max=MAX_ITEMS)],
    )


class ReplyForm(Form):
    item_id = HiddenField(validators=[InputRequired()])
    text = TextAreaField(_l("Balasan Anda"), validators=[Length(max=4000)])


class FinishForm(Form):
    confirm = BooleanField(
        _l("Saya yakin: nilai latihan dicatat sebagai penilaian ADUAN setiap peserta."),
        validators=[DataRequired(_l("Centang pernyataan ini untuk menyelesaikan latihan."))],
    )


def chosen_scenarios(form) -> list[int]:
    """The ticked scenario ids (``scenario`` checkboxes), in the order given."""
    return [int(v) for v in form.getlist("scenario") if SCENARIO.match(v)]


def parse_scores(form) -> dict[tuple[int, int], str]:
    """(person id, item id) → typed level from the board's ``level-<person>-<item>``."""
    typed = {}
    for key, value in form.items():
        if match := CELL.match(key):
            typed[(int(match.group(1)), int(match.group(2)))] = value
    return typed
