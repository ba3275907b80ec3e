"""Forms of the programmes feature: programme, course (tier) and cascade override."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from training.core.forms import PERSON_PICKER, UNIT_PICKER, Form
from training.core.labels import LEVEL_LABELS, POSITION_LABELS
from training.programs.services import COURSE_LEVELS, TITLE_MAX

REQUIRED = InputRequired(message=_l("Wajib diisi."))

#: Polri's assessment scale, for the pass rule.
SCALE = {
    1: _l("Kurang"),
    2: _l("Cukup"),
    3: _l("Baik"),
    4: _l("Baik Sekali"),
    5: _l("Istimewa"),
}


class ProgramForm(Form):
    title = StringField(_l("Judul program"), validators=[REQUIRED, Length(max=TITLE_MAX)])
    description = TextAreaField(_l("Deskripsi (boleh kosong)"), validators=[Length(max=5000)])
    starts_on = DateField(_l("Tanggal mulai"), validators=[REQUIRED])
    ends_on = DateField(_l("Tanggal selesai"), validators=[REQUIRED])
    refresher_months = IntegerField(
        _l("Periode penyegaran (bulan)"),
        default=6,
        validators=[REQUIRED],
        description=_l("Setiap periode menjadi satu siklus baru, misalnya setiap 6 bulan."),
    )
    cascade_threshold = IntegerField(
        _l("Ambang berjenjang (%)"),
        default=80,
        validators=[REQUIRED],
        description=_l(
            "Tingkat berikutnya baru dapat dijadwalkan di suatu wilayah setelah penyelesaian "
            "tingkat sebelumnya di wilayah itu mencapai ambang ini."
        ),
    )
    is_active = BooleanField(_l("Program aktif"), default=True)
    signatory_name = StringField(_l("Nama penandatangan sertifikat"), validators=[Length(max=200)])
    signatory_rank = StringField(_l("Pangkat penandatangan"), validators=[Length(max=60)])
    signatory_nrp = StringField(
        _l("NRP/NIP penandatangan"), validators=[Length(max=18)], render_kw=PERSON_PICKER
    )
    signatory_position = StringField(_l("Jabatan penandatangan"), validators=[Length(max=200)])


class NewProgramForm(ProgramForm):
    with_default_tiers = BooleanField(
        _l("Buat tiga tingkat baku (Polda, Polres, Polsek)"), default=True
    )


def position_choices() -> list[SelectChoice]:
    return [SelectChoice(code, str(label)) for code, label in POSITION_LABELS.items()]


def level_choices() -> list[SelectChoice]:
    return [SelectChoice(code, str(LEVEL_LABELS[code])) for code in COURSE_LEVELS]


def scale_choices() -> list[SelectChoice]:
    return [SelectChoice(str(n), f"{n} — {label}") for n, label in SCALE.items()]


class CourseForm(Form):
    tier = IntegerField(_l("Tingkat"), validators=[REQUIRED])
    title = StringField(_l("Judul"), validators=[REQUIRED, Length(max=TITLE_MAX)])
    description = TextAreaField(
        _l("Deskripsi dan kompetensi yang dinilai"), validators=[Length(max=5000)]
    )
    target_positions = SelectMultipleField(_l("Jabatan sasaran"), choices=position_choices)
    target_levels = SelectMultipleField(_l("Tingkat satuan sasaran"), choices=level_choices)
    min_attendance_pct = IntegerField(
        _l("Kehadiran minimal (%)"), default=80, validators=[REQUIRED]
    )
    pass_min_average = SelectField(
        _l("Nilai rata-rata minimal"), choices=scale_choices, coerce=int, default=3
    )
    pass_no_kurang = BooleanField(_l("Tidak boleh ada kompetensi bernilai Kurang"), default=True)
    late_grace_minutes = IntegerField(
        _l("Toleransi terlambat (menit)"), default=15, validators=[REQUIRED]
    )
    validity_months = IntegerField(
        _l("Masa berlaku sertifikat (bulan)"), default=12, validators=[REQUIRED]
    )


class OverrideForm(Form):
    unit_code = StringField(
        _l("Kode satuan sasaran sesi"),
        validators=[DataRequired(message=_l("Wajib diisi.")), Length(max=32)],
        description=_l("Wilayah penentu dihitung dari satuan ini, misalnya Polres induknya."),
        render_kw=UNIT_PICKER,
    )
    reason = TextAreaField(
        _l("Alasan"),
        validators=[DataRequired(message=_l("Alasan wajib diisi.")), Length(max=2000)],
    )
