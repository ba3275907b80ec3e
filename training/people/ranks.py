"""Ranks (pangkat) and positions (jabatan) of Polri personnel, highest rank first."""

from enum import StrEnum

#: Sworn Polri ranks, highest first (code, full name).
POLRI_RANKS = (
    ("Jenderal", "Jenderal Polisi"),
    ("Komjen", "Komisaris Jenderal Polisi"),
    ("Irjen", "Inspektur Jenderal Polisi"),
    ("Brigjen", "Brigadir Jenderal Polisi"),
    ("Kombes", "Komisaris Besar Polisi"),
    ("AKBP", "Ajun Komisaris Besar Polisi"),
    ("Kompol", "Komisaris Polisi"),
    ("AKP", "Ajun Komisaris Polisi"),
    ("Iptu", "Inspektur Polisi Satu"),
    ("Ipda", "Inspektur Polisi Dua"),
    ("Aiptu", "Ajun Inspektur Polisi Satu"),
    ("Aipda", "Ajun Inspektur Polisi Dua"),
    ("Bripka", "Brigadir Polisi Kepala"),
    ("Brigpol", "Brigadir Polisi"),
    ("Briptu", "Brigadir Polisi Satu"),
    ("Bripda", "Brigadir Polisi Dua"),
    ("Abrippol", "Ajun Brigadir Polisi"),
    ("Abriptu", "Ajun Brigadir Polisi Satu"),
    ("Abripda", "Ajun Brigadir Polisi Dua"),
    ("Bharaka", "Bhayangkara Kepala"),
    ("Bharatu", "Bhayangkara Satu"),
    ("Bharada", "Bhayangkara Dua"),
)

#: Civil-service (PNS Polri) ranks by grade, highest first.
PNS_RANKS = (
    ("IV/e", "Pembina Utama"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/a", "Pembina"),
    ("III/d", "Penata Tingkat I"),
    ("III/c", "Penata"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/a", "Penata Muda"),
    ("II/d", "Pengatur Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("I/d", "Juru Tingkat I"),
    ("I/c", "Juru"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/a", "Juru Muda"),
)

POLRI_RANK_CODES = frozenset(code for code, _ in POLRI_RANKS)
PNS_RANK_CODES = frozenset(code for code, _ in PNS_RANKS)
#: Sort key: 0 for Jenderal, rising downwards; PNS ranks after the sworn ones.
RANK_ORDER = {code: i for i, (code, _) in enumerate(POLRI_RANKS + PNS_RANKS)}
#: Case-insensitive lookup, with the common spelling "Brigadir" for Brigpol.
RANK_ALIASES = {code.lower(): code for code in RANK_ORDER} | {"brigadir": "Brigpol"}


def rank_label(code: str) -> str:
    if code in PNS_RANK_CODES:
        return f"{dict(PNS_RANKS)[code]} ({code})"
    return code


class Position(StrEnum):
    KAPOLDA = "kapolda"
    WAKAPOLDA = "wakapolda"
    KAPOLRES = "kapolres"
    WAKAPOLRES = "wakapolres"
    KAPOLSEK = "kapolsek"
    WAKAPOLSEK = "wakapolsek"
    OPERATOR = "operator_medsos"
    OTHER = "lainnya"


#: The commander position of each unit level; its holder is the unit's head.
COMMANDER_OF_LEVEL = {
    "polda": Position.KAPOLDA,
    "polres": Position.KAPOLRES,
    "polsek": Position.KAPOLSEK,
}
DEPUTY_OF_LEVEL = {
    "polda": Position.WAKAPOLDA,
    "polres": Position.WAKAPOLRES,
    "polsek": Position.WAKAPOLSEK,
}
COMMANDER_POSITIONS = frozenset(COMMANDER_OF_LEVEL.values())
