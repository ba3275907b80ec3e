"""Forms of the question bank: a question with its answer rows, an import upload."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms import Form as SubForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from training.core.forms import TRANSLATIONS, Form
from training.learning.bankdata import (
    FALSE_TEXT,
    FALSE_WORDS,
    MAX_CATEGORY,
    MAX_NAME,
    MAX_TEXT,
    TRUE_TEXT,
    TRUE_WORDS,
    ChoiceData,
    Kind,
    QuestionData,
)

KIND_LABELS = {
    Kind.SINGLE: _l("Pilihan ganda (satu jawaban)"),
    Kind.MULTIPLE: _l("Pilihan ganda (beberapa jawaban)"),
    Kind.TRUEFALSE: _l("Benar/salah"),
    Kind.SHORT: _l("Isian singkat"),
    Kind.MATCHING: _l("Menjodohkan"),
}
FORMAT_LABELS = {"gift": _l("GIFT (Moodle)"), "aiken": _l("Aiken")}
ANSWER_ROWS = 6


class AnswerForm(SubForm):
    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS

    text = StringField(_l("Jawaban"), validators=[Optional(), Length(max=1000)])
    fraction = FloatField(_l("Nilai (%)"), validators=[Optional(), NumberRange(min=-100, max=100)])
    feedback = StringField(_l("Umpan balik"), validators=[Optional(), Length(max=2000)])
    match_text = StringField(_l("Pasangan"), validators=[Optional(), Length(max=1000)])


class QuestionForm(Form):
    kind = SelectField(
        _l("Jenis soal"), choices=[SelectChoice(k.value, v) for k, v in KIND_LABELS.items()]
    )
    name = StringField(_l("Judul (boleh kosong)"), validators=[Optional(), Length(max=MAX_NAME)])
    text = TextAreaField(_l("Teks soal"), validators=[DataRequired(), Length(max=MAX_TEXT)])
    category = StringField(_l("Kategori"), validators=[Optional(), Length(max=MAX_CATEGORY)])
    tags = StringField(_l("Tag (pisahkan dengan koma)"), validators=[Optional(), Length(max=500)])
    general_feedback = TextAreaField(
        _l("Umpan balik umum"), validators=[Optional(), Length(max=2000)]
    )
    case_sensitive = BooleanField(_l("Isian singkat: huruf besar/kecil dibedakan"))
    answers = FieldList(FormField(AnswerForm), min_entries=ANSWER_ROWS, max_entries=26)

    def to_data(self) -> QuestionData:
        """The question as typed; empty answer rows are left out."""
        kind = Kind(self.kind.data)
        choices = [_choice(kind, row) for row in self.answers if (row.text.data or "").strip()]
        tags = [t.strip() for t in (self.tags.data or "").split(",") if t.strip()]
        return QuestionData(
            kind=kind,
            text=self.text.data or "",
            name=self.name.data or "",
            general_feedback=self.general_feedback.data or "",
            category=self.category.data or "",
            tags=tags,
            choices=choices,
            case_sensitive=bool(self.case_sensitive.data),
        )


def _choice(kind: Kind, row) -> ChoiceData:
    text = row.text.data.strip()
    if kind is Kind.TRUEFALSE and text.lower() in TRUE_WORDS | FALSE_WORDS:
        text = TRUE_TEXT if text.lower() in TRUE_WORDS else FALSE_TEXT
    fraction = row.fraction.data
    if fraction is None:
        fraction = 100.0 if kind is Kind.MATCHING else 0.0
    return ChoiceData(text, float(fraction), row.feedback.data or "", row.match_text.data or "")


def form_values(data: QuestionData) -> dict:
    """What a QuestionForm shows for a stored question."""
    return {
        "kind": str(data.kind),
        "name": data.name,
        "text": data.text,
        "category": data.category,
        "tags": ", ".join(data.tags),
        "general_feedback": data.general_feedback,
        "case_sensitive": data.case_sensitive,
        "answers": [
            {
                "text": c.text,
                "fraction": c.fraction,
                "feedback": c.feedback,
                "match_text": c.match_text,
            }
            for c in data.choices
        ],
    }


class ImportForm(Form):
    fmt = SelectField(
        _l("Format berkas"), choices=[SelectChoice(k, v) for k, v in FORMAT_LABELS.items()]
    )
    file = FileField(
        _l("Berkas bank soal (.gift atau .txt)"),
        validators=[FileRequired(_l("Pilih berkas yang diunggah."))],
    )
