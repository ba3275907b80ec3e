"""People use cases: validate identities and positions, create and update. Callers commit.

The pure checks (``validate_identity``, ``parse_position``, ``check_position_level``...)
need no database, so the importer can run them on thousands of rows and do the
database checks (unique NRP, one commander per unit) against maps it loaded once.
"""

from __future__ import annotations

import re

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from training.audit.services import record, record_update
from training.core.labels import POSITION_LABELS, level_label, position_label
from training.errors import RuleViolation
from training.extensions import db
from training.people.figures import head_of
from training.people.models import Person
from training.people.ranks import (
    COMMANDER_OF_LEVEL,
    COMMANDER_POSITIONS,
    DEPUTY_OF_LEVEL,
    PNS_RANK_CODES,
    POLRI_RANK_CODES,
    RANK_ALIASES,
    Position,
)
from training.units.models import Unit

NRP_DIGITS = 8
NIP_DIGITS = 18
NAME_MAX = 200
EMAIL_MAX = 120
PHONE_MAX = 30
#: Level a commander or deputy position belongs to: {"kapolres": "polres", ...}.
LEVEL_OF_POSITION = {
    str(p): lvl for mapping in (COMMANDER_OF_LEVEL, DEPUTY_OF_LEVEL) for lvl, p in mapping.items()
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
_SPACES = re.compile(r"\s+")


def normalise_rank(rank: str) -> str | None:
    """The rank code for a spelling in any case ("brigadir" → "Brigpol"), or None."""
    return RANK_ALIASES.get(_SPACES.sub(" ", (rank or "").strip()).lower())


def validate_identity(nrp: str, rank: str) -> tuple[str, str]:
    """Check an NRP/NIP against a rank; return both normalised (digits, rank code).

    8 digits is an NRP and needs a Polri rank; 18 digits is a NIP and needs a PNS rank.
    Spaces inside the number (as NIPs are often written) are ignored; nothing else is
    derived from the digits.
    """
    number = _SPACES.sub("", nrp or "")
    if not number:
        raise RuleViolation(_("NRP/NIP wajib diisi."))
    if not number.isascii() or not number.isdigit():
        raise RuleViolation(_("NRP/NIP hanya boleh berisi angka: %(v)s.", v=number))
    if len(number) not in (NRP_DIGITS, NIP_DIGITS):
        raise RuleViolation(
            _(
                "NRP harus 8 angka atau NIP 18 angka; %(v)s berisi %(n)d angka.",
                v=number,
                n=len(number),
            )
        )
    code = normalise_rank(rank)
    if code is None:
        if not (rank or "").strip():
            raise RuleViolation(_("Pangkat wajib diisi."))
        raise RuleViolation(_("Pangkat %(rank)s tidak dikenal.", rank=rank.strip()))
    if len(number) == NRP_DIGITS and code not in POLRI_RANK_CODES:
        raise RuleViolation(
            _(
                "NRP (8 angka) hanya untuk anggota Polri, tetapi %(rank)s adalah pangkat PNS; "
                "PNS Polri memakai NIP 18 angka.",
                rank=code,
            )
        )
    if len(number) == NIP_DIGITS and code not in PNS_RANK_CODES:
        raise RuleViolation(
            _(
                "NIP (18 angka) hanya untuk PNS Polri, tetapi %(rank)s adalah pangkat Polri; "
                "anggota Polri memakai NRP 8 angka.",
                rank=code,
            )
        )
    return number, code


def position_lookup() -> dict[str, str]:
    """Every accepted spelling of each position (lower case) → position code."""
    lookup = {}
    for code, label in POSITION_LABELS.items():
        with force_locale("id"):
            indonesian = str(label)
        for spelling in (code, code.replace("_", " "), indonesian, str(label)):
            lookup[_SPACES.sub(" ", spelling).strip().lower()] = code
    return lookup


def parse_position(value: str, lookup: dict[str, str] | None = None) -> str:
    """The position code for a code or an Indonesian label, in any case."""
    code = (lookup or position_lookup()).get(_SPACES.sub(" ", (value or "").strip()).lower())
    if code is None:
        if not (value or "").strip():
            raise RuleViolation(_("Jabatan wajib diisi."))
        raise RuleViolation(
            _(
                "Jabatan %(v)s tidak dikenal (pilih: %(all)s).",
                v=value.strip(),
                all=", ".join(position_label(p) for p in Position),
            )
        )
    return code


def check_position_level(position: str, unit: Unit) -> None:
    """A commander or deputy position fits only a unit of its level."""
    level = LEVEL_OF_POSITION.get(position)
    if level is not None and unit.level != level:
        raise RuleViolation(
            _(
                "Jabatan %(pos)s hanya untuk satuan tingkat %(level)s; %(unit)s adalah "
                "satuan tingkat %(actual)s.",
                pos=position_label(position),
                level=level_label(level),
                unit=unit.name,
                actual=level_label(unit.level),
            )
        )


def check_name(full_name: str) -> str:
    name = _SPACES.sub(" ", full_name or "").strip()
    if not name:
        raise RuleViolation(_("Nama wajib diisi."))
    if len(name) > NAME_MAX:
        raise RuleViolation(_("Nama paling panjang %(n)d karakter.", n=NAME_MAX))
    return name


def check_phone(phone: str) -> str:
    """Return the phone trimmed; refuse what cannot be a phone number (8-15 digits)."""
    phone = (phone or "").strip()
    digits = sum(c.isdigit() for c in phone)
    if phone and (len(phone) > PHONE_MAX or not _PHONE.match(phone) or not 8 <= digits <= 15):
        raise RuleViolation(
            _("Nomor telepon %(v)s tidak valid (8–15 angka, boleh diawali +).", v=phone)
        )
    return phone


def check_email(email: str) -> str:
    email = (email or "").strip()
    if email and (len(email) > EMAIL_MAX or not _EMAIL.match(email)):
        raise RuleViolation(_("Alamat email %(v)s tidak valid.", v=email))
    return email


def check_contact(phone: str, email: str) -> tuple[str, str]:
    """Return phone and email trimmed, refusing values that cannot be a phone or an email."""
    return check_phone(phone), check_email(email)


def duplicate_message(nrp: str, holder: Person | str) -> str:
    name = holder if isinstance(holder, str) else holder.full_name
    return _("NRP/NIP %(nrp)s sudah dipakai oleh %(name)s.", nrp=nrp, name=name)


def two_heads_message(position: str, unit: Unit, holder_name: str) -> str:
    return _(
        "%(unit)s sudah punya %(pos)s (%(name)s); satu satuan hanya punya satu %(pos)s.",
        unit=unit.name,
        pos=position_label(position),
        name=holder_name,
    )


def _check_unique_nrp(nrp: str, person: Person | None) -> None:
    holder = db.session.scalar(select(Person).where(Person.nrp == nrp))
    if holder is not None and holder is not person:
        raise RuleViolation(duplicate_message(nrp, holder))


def _check_single_head(position: str, unit: Unit, person: Person | None) -> None:
    if position not in COMMANDER_POSITIONS:
        return
    holder = head_of(unit, exclude=person)
    if holder is not None:
        raise RuleViolation(two_heads_message(position, unit, holder.full_name))


def _checked(person: Person | None, full_name, nrp, rank, position, unit, phone, email) -> dict:
    if unit is None:
        raise RuleViolation(_("Satuan wajib diisi."))
    name = check_name(full_name)
    number, rank_code = validate_identity(nrp, rank)
    position_code = parse_position(position)
    check_position_level(position_code, unit)
    phone, email = check_contact(phone, email)
    with db.session.no_autoflush:
        _check_unique_nrp(number, person)
        _check_single_head(position_code, unit, person)
    return dict(
        full_name=name,
        nrp=number,
        rank=rank_code,
        position=position_code,
        unit=unit,
        phone=phone,
        email=email,
    )


def create_person(
    full_name: str,
    nrp: str,
    rank: str,
    position: str,
    unit: Unit,
    phone: str = "",
    email: str = "",
    is_synthetic: bool = False,
    actor=None,
) -> Person:
    """Add a person after checking identity, position and contact (audited); the caller
    commits."""
    values = _checked(None, full_name, nrp, rank, position, unit, phone, email)
    person = Person(**values, is_synthetic=is_synthetic)
    db.session.add(person)
    db.session.flush()
    after = person_fields(person)
    record("person", "create", user=actor, entity_id=person.id, person_id=person.id, after=after)
    return person


PERSON_FIELDS = ("full_name", "nrp", "rank", "position", "phone", "email")


def person_fields(person: Person, unit_code: str | None = None) -> dict:
    """The audited fields of a person (the unit by code)."""
    values = {name: getattr(person, name) for name in PERSON_FIELDS}
    return values | {"unit": unit_code or person.unit.code}


def update_person(
    person: Person,
    full_name: str,
    nrp: str,
    rank: str,
    position: str,
    unit: Unit,
    phone: str = "",
    email: str = "",
    *,
    actor=None,
) -> Person:
    """Change every field of ``person`` under the same rules as ``create_person``."""
    values = _checked(person, full_name, nrp, rank, position, unit, phone, email)
    before = person_fields(person)
    for key, value in values.items():
        setattr(person, key, value)
    db.session.flush()
    after = person_fields(person)
    record_update("person", before, after, user=actor, entity_id=person.id, person_id=person.id)
    return person
