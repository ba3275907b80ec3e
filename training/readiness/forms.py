"""Forms of the readiness pages: a programme's thresholds and the gap list's enrol button."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DecimalField, HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from training.core.forms import Form
from training.core.guards import db_id


class CommaDecimalField(DecimalField):
    """A decimal typed the Indonesian way ("3,5") or the English way ("3.5")."""

    def process_formdata(self, valuelist):
        super().process_formdata([v.replace(",", ".") for v in valuelist])


def _pct(label):
    return IntegerField(label, validators=[InputRequired(), NumberRange(0, 100)])


class ThresholdsForm(Form):
    ready_certified_pct = _pct(_l("Siap: personel sasaran bersertifikat minimal (%)"))
    ready_accounts_pct = _pct(_l("Siap: akun resmi aktif terverifikasi minimal (%)"))
    ready_min_level = CommaDecimalField(
        _l("Siap: rata-rata tingkat kompetensi minimal (1–5)"),
        places=1,
        validators=[InputRequired(), NumberRange(1, 5)],
    )
    ready_attendance_pct = _pct(_l("Siap: kehadiran minimal (%)"))
    ready_requires_commander = BooleanField(_l("Siap: komandan wajib memegang sertifikat berlaku"))
    partial_certified_pct = _pct(_l("Sebagian: personel sasaran bersertifikat minimal (%)"))
    expiring_days = IntegerField(
        _l("Sertifikat dihitung segera berakhir dalam (hari)"),
        validators=[InputRequired(), NumberRange(1, 365)],
    )
    ready_answered_pct = IntegerField(
        _l("Siap: aduan terjawab minimal (%) — kosong atau 0: tidak dipakai"),
        validators=[Optional(), NumberRange(0, 100)],
    )
    ready_p90_minutes = IntegerField(
        _l("Siap: P90 waktu tanggap aduan paling lama (menit) — kosong atau 0: tidak dipakai"),
        validators=[Optional(), NumberRange(0, 10080)],
    )
    response_window_days = IntegerField(
        _l("Kriteria respons dihitung atas aduan (hari terakhir; kosong: 30)"),
        validators=[Optional(), NumberRange(1, 365)],
    )

    def validate_partial_certified_pct(self, field):
        ready = self.ready_certified_pct.data
        if field.data is not None and ready is not None and field.data > ready:
            raise ValidationError(
                _l("Batas Sebagian tidak boleh lebih tinggi dari batas Siap (%(n)s%%).", n=ready)
            )

    def values(self) -> dict:
        """The thresholds as typed, ready for ``save_thresholds``."""
        return {
            "ready_certified_pct": self.ready_certified_pct.data,
            "ready_accounts_pct": self.ready_accounts_pct.data,
            "ready_min_level": float(self.ready_min_level.data),
            "ready_attendance_pct": self.ready_attendance_pct.data,
            "ready_requires_commander": bool(self.ready_requires_commander.data),
            "partial_certified_pct": self.partial_certified_pct.data,
            "expiring_days": self.expiring_days.data,
            "ready_answered_pct": self.ready_answered_pct.data or None,
            "ready_p90_minutes": self.ready_p90_minutes.data or None,
            "response_window_days": self.response_window_days.data or 30,
        }


class EnrolForm(Form):
    """The "Daftarkan" button of a gap row: who, into which session, and where to go back."""

    person_id = HiddenField(validators=[InputRequired()])
    session_id = HiddenField(validators=[InputRequired()])
    next = HiddenField()

    def ids(self) -> tuple[int, int] | None:
        try:
            return db_id(self.person_id.data), db_id(self.session_id.data)
        except (TypeError, ValueError):
            return None
