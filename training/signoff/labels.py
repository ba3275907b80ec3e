"""Words shown on the sign-off pages: report states, chain steps and the frozen figures."""

from __future__ import annotations

from datetime import date

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from training.core.timefmt import short_day
from training.readiness.figures import NO_DATA_LABELS, STATUS_LABELS
from training.readiness.models import ReadinessStatus
from training.signoff.models import ReportState

STATE_LABELS = {
    ReportState.DRAFT: _l("Draf"),
    ReportState.SUBMITTED: _l("Menunggu verifikasi Polda"),
    ReportState.RETURNED: _l("Dikembalikan"),
    ReportState.POLDA_VERIFIED: _l("Menunggu verifikasi Mabes"),
    ReportState.VERIFIED: _l("Terverifikasi (final)"),
}
ACTION_LABELS = {
    "submit": _l("Dikirim oleh Polres"),
    "verify_polda": _l("Diverifikasi Polda"),
    "verify_hq": _l("Diverifikasi Mabes"),
    "return": _l("Dikembalikan"),
}
#: Rows of the figures table: (label, value key, optional "out of" key).
FIGURE_ROWS = (
    (_l("Personel sasaran"), "targets", None),
    (_l("Bersertifikat berlaku"), "certified", "targets"),
    (_l("Persentase bersertifikat (%)"), "certified_pct", None),
    (_l("Komandan bersertifikat"), "commanders_certified", "commanders"),
    (_l("Akun resmi terverifikasi"), "accounts_verified", "accounts"),
    (_l("Rata-rata kompetensi (1–5)"), "average_level", None),
    (_l("Kehadiran (%)"), "attendance_pct", None),
    (_l("Sertifikat segera berakhir"), "expiring", None),
    (_l("Tidak lulus"), "failed", None),
    (_l("Belum dilatih"), "untrained", None),
)
UNMET_LABELS = {
    "certified": _l("Personel bersertifikat di bawah ambang"),
    "accounts": _l("Akun resmi terverifikasi di bawah ambang"),
    "level": _l("Rata-rata kompetensi di bawah ambang"),
    "attendance": _l("Kehadiran di bawah ambang"),
    "commander": _l("Komandan belum memegang sertifikat yang berlaku"),
}


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def readiness_label(status: str | None) -> str:
    if status in set(ReadinessStatus):
        return str(STATUS_LABELS[ReadinessStatus(status)])
    return status or "–"


#: The frozen figure of each criterion: when it is unknown ("–") or counts nothing (no
#: target personnel, no account), there is no data yet.
MEASURED_BY = {
    "certified": "targets",
    "accounts": "accounts",
    "level": "average_level",
    "attendance": "attendance_pct",
}
_COUNTS = ("targets", "accounts")


def unmet_label(code: str, subtree: dict | None = None) -> str:
    """An unmet Siap criterion in words; "Belum ada data: ..." when its figure is unknown."""
    key = MEASURED_BY.get(code)
    if subtree is not None and key is not None:
        value = subtree.get(key)
        if value is None or (key in _COUNTS and not value):
            return str(NO_DATA_LABELS[code])
    return str(UNMET_LABELS.get(code, code))


def number(value) -> str:
    """A figure in the interface language ("85,5" in Indonesian); "–" when unknown."""
    if value is None:
        return "–"
    return format_decimal(value)


def day(value: date | str | None) -> str:
    """A date in the interface language ("1 Nov 2026"); ISO strings from frozen figures too."""
    if not value:
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return short_day(value)
