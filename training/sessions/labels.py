"""Indonesian labels for weekdays, week-of-month ordinals and session statuses."""

from flask_babel import lazy_gettext as _l

WEEKDAY_LABELS = (
    _l("Senin"),
    _l("Selasa"),
    _l("Rabu"),
    _l("Kamis"),
    _l("Jumat"),
    _l("Sabtu"),
    _l("Minggu"),
)

NTH_LABELS = {
    1: _l("pertama"),
    2: _l("kedua"),
    3: _l("ketiga"),
    4: _l("keempat"),
    -1: _l("terakhir"),
}

STATUS_LABELS = {
    "draft": _l("Draf"),
    "scheduled": _l("Terjadwal"),
    "cancelled": _l("Dibatalkan"),
}

STATUS_BADGES = {"draft": "secondary", "scheduled": "success", "cancelled": "danger"}
