"""Forms of the quiz pages: a quiz's settings, a course's score bands, the bare POSTs."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from training.core.forms import Form

KIND_LABELS = {"pre": _l("Pre-test"), "post": _l("Post-test")}


def _number(label, low: int, high: int) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired(_l("Isi angka.")),
            NumberRange(low, high, _l("Isi angka %(min)s sampai %(max)s.")),
        ],
        render_kw={"inputmode": "numeric"},
    )


class QuizForm(Form):
    kind = SelectField(
        _l("Jenis"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()], default="post"
    )
    title = StringField(
        _l("Judul"), validators=[DataRequired(_l("Tuliskan judul kuis.")), Length(max=200)]
    )
    cycle_id = SelectField(_l("Siklus (untuk penyegaran daring)"), coerce=int, default=0)
    questions_per_competency = _number(_l("Soal per kompetensi"), 1, 50)
    time_limit_minutes = _number(_l("Batas waktu (menit)"), 1, 300)
    max_attempts = _number(_l("Jumlah percobaan"), 1, 10)
    is_active = BooleanField(_l("Aktif (peserta dapat mengerjakan)"), default=True)

    def set_cycles(self, cycles) -> None:
        self.cycle_id.choices = [SelectChoice(0, _l("Semua siklus"))] + [
            SelectChoice(c.id, _l("Siklus %(n)d", n=c.number)) for c in cycles
        ]

    def values(self) -> dict:
        return {
            name: getattr(self, name).data
            for name in (
                "kind",
                "title",
                "cycle_id",
                "questions_per_competency",
                "time_limit_minutes",
                "max_attempts",
                "is_active",
            )
        }


class BandsForm(Form):
    min_cukup = _number(_l("Nilai terendah Cukup (%)"), 1, 100)
    min_baik = _number(_l("Nilai terendah Baik (%)"), 1, 100)
    min_baik_sekali = _number(_l("Nilai terendah Baik Sekali (%)"), 1, 100)
    min_istimewa = _number(_l("Nilai terendah Istimewa (%)"), 1, 100)


class ActionForm(Form):
    """A bare POST (CSRF only): start, hand in."""
