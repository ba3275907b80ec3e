"""Session form (new/edit, with the "Ulangi" repeat section), cancel and duplicate forms."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from training.core.forms import UNIT_PICKER, Form
from training.core.labels import POSITION_LABELS
from training.sessions.labels import NTH_LABELS, WEEKDAY_LABELS
from training.sessions.recurrence import MONTHLY_DAY, MONTHLY_NTH, NONE, WEEKLY

REQUIRED = DataRequired(message=_l("Wajib diisi."))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def freq_choices():
    return [
        SelectChoice(NONE, str(_l("Tidak berulang"))),
        SelectChoice(WEEKLY, str(_l("Mingguan, pada hari tertentu"))),
        SelectChoice(MONTHLY_DAY, str(_l("Bulanan, pada tanggal tertentu"))),
        SelectChoice(MONTHLY_NTH, str(_l("Bulanan, pada hari ke-n (mis. Selasa kedua)"))),
    ]


def weekday_choices():
    return [SelectChoice(i, str(label)) for i, label in enumerate(WEEKDAY_LABELS)]


class OverrideMixin:
    override = BooleanField(_l("Abaikan bentrok/gerbang berjenjang (khusus admin)"))
    override_reason = TextAreaField(_l("Alasan pengecualian"), validators=[Length(max=1000)])


class SessionForm(OverrideMixin, Form):
    course = SelectField(_l("Kursus (tingkat)"), coerce=int, validators=[REQUIRED])
    title = StringField(_l("Judul sesi (boleh kosong)"), validators=[Length(max=200)])
    day = DateField(_l("Tanggal"), validators=[REQUIRED])
    start_time = TimeField(_l("Jam mulai"), validators=[REQUIRED])
    end_time = TimeField(_l("Jam selesai"), validators=[REQUIRED])
    venue_code = StringField(
        _l("Kode satuan tempat"),
        validators=[REQUIRED, Length(max=32)],
        description=_l("Zona waktu sesi mengikuti satuan ini (WIB/WITA/WIT)."),
        render_kw=UNIT_PICKER,
    )
    venue = StringField(_l("Ruang / alamat (boleh kosong)"), validators=[Length(max=200)])
    online_url = StringField(
        _l("Tautan daring (boleh kosong)"),
        validators=[
            Optional(),
            URL(message=_l("Tautan harus diawali http:// atau https://.")),
            Length(max=500),
        ],
    )
    audience_code = StringField(
        _l("Kode satuan sasaran"),
        validators=[REQUIRED, Length(max=32)],
        description=_l("Peserta dari satuan ini dan jajaran di bawahnya."),
        render_kw=UNIT_PICKER,
    )
    audience_positions = MultiCheckboxField(_l("Jabatan sasaran"), validate_choice=False)
    capacity = IntegerField(
        _l("Kapasitas"),
        default=30,
        validators=[
            InputRequired(_l("Wajib diisi.")),
            NumberRange(min=1, max=10000, message=_l("Kapasitas 1 sampai 10.000.")),
        ],
    )
    trainers = MultiCheckboxField(_l("Pelatih"), validate_choice=False)
    notes = TextAreaField(_l("Catatan"), validators=[Length(max=2000)])

    freq = SelectField(_l("Ulangi"), default=NONE)
    interval = IntegerField(
        _l("Setiap berapa minggu/bulan"),
        default=1,
        validators=[Optional(), NumberRange(min=1, max=52)],
    )
    weekdays = MultiCheckboxField(_l("Pada hari"), coerce=int, validate_choice=False)
    month_day = IntegerField(
        _l("Pada tanggal"), validators=[Optional(), NumberRange(min=1, max=31)]
    )
    nth = SelectField(_l("Urutan"), coerce=int, default=1)
    nth_weekday = SelectField(_l("Hari"), coerce=int, default=1)
    ends = SelectField(_l("Berakhir"), default="count")
    count = IntegerField(
        _l("Jumlah pertemuan"), validators=[Optional(), NumberRange(min=1, max=100000)]
    )
    until = DateField(_l("Sampai tanggal (termasuk)"), validators=[Optional()])
    exdates = TextAreaField(
        _l("Tanggal pengecualian (boleh kosong)"),
        validators=[Length(max=4000)],
        description=_l(
            "Satu tanggal per baris atau dipisah koma, format TTTT-BB-HH, mis. 2026-12-25."
        ),
    )

    scope = RadioField(_l("Terapkan pada"), default="this")
    confirm_drop = BooleanField(_l("Ya, batalkan juga pertemuan yang sudah ada pesertanya"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.audience_positions.choices = [
            SelectChoice(code, str(label)) for code, label in POSITION_LABELS.items()
        ]
        self.freq.choices = freq_choices()
        self.weekdays.choices = weekday_choices()
        self.nth.choices = [SelectChoice(k, str(v)) for k, v in NTH_LABELS.items()]
        self.nth_weekday.choices = weekday_choices()
        self.ends.choices = [
            SelectChoice("count", str(_l("Setelah sejumlah pertemuan"))),
            SelectChoice("until", str(_l("Pada tanggal"))),
        ]
        self.scope.choices = [
            SelectChoice("this", str(_l("Pertemuan ini saja"))),
            SelectChoice("following", str(_l("Pertemuan ini dan berikutnya"))),
            SelectChoice("all", str(_l("Semua pertemuan dalam seri"))),
        ]


class CancelForm(Form):
    """Cancelling cannot be undone: a reason (sent to the participants and audited) and an
    explicit "Saya yakin" are required; the page works without script."""

    scope = RadioField(_l("Batalkan"), default="this")
    reason = TextAreaField(
        _l("Alasan pembatalan"),
        validators=[
            DataRequired(message=_l("Tuliskan alasan pembatalan.")),
            Length(max=500),
        ],
        description=_l("Dikirim kepada peserta dan dicatat di log audit."),
    )
    confirm = BooleanField(
        _l("Saya yakin: pembatalan tidak dapat diurungkan."),
        validators=[DataRequired(message=_l("Centang konfirmasi untuk membatalkan."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope.choices = [
            SelectChoice("this", str(_l("Pertemuan ini saja"))),
            SelectChoice("following", str(_l("Pertemuan ini dan berikutnya"))),
            SelectChoice("all", str(_l("Seluruh seri"))),
        ]

    def first_error(self) -> str:
        """The first message to show after a refused POST (CSRF, reason, confirmation)."""
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class DuplicateForm(OverrideMixin, Form):
    what = RadioField(_l("Yang digandakan"), default="session")
    day = DateField(_l("Tanggal mulai baru"), validators=[REQUIRED])
    start_time = TimeField(_l("Jam mulai"), validators=[Optional()])
    venue_code = StringField(
        _l("Kode satuan tempat (kosong = sama)"), validators=[Length(max=32)], render_kw=UNIT_PICKER
    )
    audience_code = StringField(
        _l("Kode satuan sasaran (kosong = sama)"),
        validators=[Length(max=32)],
        render_kw=UNIT_PICKER,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.what.choices = [
            SelectChoice("session", str(_l("Sesi ini saja"))),
            SelectChoice("series", str(_l("Seluruh seri (aturan pengulangan yang sama)"))),
        ]
