"""Translated display labels for codes stored in the database."""

from flask_babel import lazy_gettext as _l

from training.core.i18n import memo_label

ROLE_LABELS = {
    "admin": _l("Admin"),
    "trainer": _l("Pelatih"),
    "commander": _l("Komandan"),
    "participant": _l("Peserta"),
}

POSITION_LABELS = {
    "kapolda": _l("Kapolda"),
    "wakapolda": _l("Wakapolda"),
    "kapolres": _l("Kapolres"),
    "wakapolres": _l("Wakapolres"),
    "kapolsek": _l("Kapolsek"),
    "wakapolsek": _l("Wakapolsek"),
    "operator_medsos": _l("Operator media sosial"),
    "lainnya": _l("Lainnya"),
}

LEVEL_LABELS = {
    "mabes": _l("Mabes"),
    "polda": _l("Polda"),
    "polres": _l("Polres"),
    "polsek": _l("Polsek"),
}


def role_label(code: str) -> str:
    return memo_label("role", code, lambda: str(ROLE_LABELS.get(code, code)))


def position_label(code: str) -> str:
    return memo_label("position", code, lambda: str(POSITION_LABELS.get(code, code)))


def level_label(code: str) -> str:
    return memo_label("level", code, lambda: str(LEVEL_LABELS.get(code, code)))
