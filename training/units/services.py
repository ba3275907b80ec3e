"""Unit tree use cases: create, edit, move (each audited). Callers commit."""

import re

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from training.audit.services import record, record_update
from training.core.events import emit
from training.core.timefmt import TIMEZONES
from training.errors import RuleViolation
from training.extensions import db
from training.units.models import UNIT_TYPES, Unit, UnitLevel, in_subtree

#: Codes appear in URLs (/units/<code>): letters, digits, dot, dash, underscore.
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
CODE_MAX, NAME_MAX = 32, 200
#: Codes that would clash with the fixed pages under /units/.
RESERVED_CODES = frozenset({"new", "import", "export.csv", "export.xlsx"})
LEVELS = tuple(level.value for level in UnitLevel)


def guess_unit_type(name: str, level: str) -> str:
    """Return the unit type written at the start of ``name`` (Polresta, Polsek...)."""
    for unit_type in UNIT_TYPES:
        if name.lower().startswith(unit_type.lower() + " ") or name == unit_type:
            return unit_type
    return {"mabes": "Mabes Polri", "polda": "Polda", "polres": "Polres"}.get(level, "Polsek")


def normalise_unit_type(value: str) -> str | None:
    """Return the canonical spelling of a unit type, or None when it is not a known type."""
    wanted = value.strip().lower()
    return next((t for t in UNIT_TYPES if t.lower() == wanted), None)


def check_code(code: str) -> None:
    """Refuse empty, too long, URL-unsafe or reserved unit codes."""
    if not code:
        raise RuleViolation(_("Kode satuan wajib diisi."))
    if len(code) > CODE_MAX:
        raise RuleViolation(_("Kode satuan paling panjang %(n)d karakter.", n=CODE_MAX))
    if not CODE_PATTERN.fullmatch(code) or code.lower() in RESERVED_CODES:
        raise RuleViolation(
            _(
                "Kode satuan %(code)s tidak valid: gunakan huruf, angka, titik, "
                "tanda hubung atau garis bawah.",
                code=code,
            )
        )


def check_name(name: str) -> None:
    if not name.strip():
        raise RuleViolation(_("Nama satuan wajib diisi."))
    if len(name) > NAME_MAX:
        raise RuleViolation(_("Nama satuan paling panjang %(n)d karakter.", n=NAME_MAX))


def check_level(level: str) -> None:
    if level not in LEVELS:
        raise RuleViolation(
            _(
                "Tingkat satuan %(level)s tidak dikenal; pilih salah satu: %(all)s.",
                level=level,
                all=", ".join(UnitLevel),
            )
        )


def check_placement(level: str, parent: Unit | None) -> None:
    """Refuse a level that does not sit directly below its parent's level."""
    depth = UnitLevel(level).depth
    if parent is None and depth != 0:
        raise RuleViolation(_("Satuan tingkat %(level)s harus punya induk.", level=level))
    if parent is not None and UnitLevel(parent.level).depth != depth - 1:
        raise RuleViolation(
            _(
                "Satuan %(level)s tidak bisa berada di bawah %(parent)s.",
                level=level,
                parent=parent.level,
            )
        )


def check_timezone(timezone: str) -> None:
    if timezone not in TIMEZONES:
        raise RuleViolation(
            _(
                "Zona waktu %(tz)s tidak dikenal; pilih salah satu: %(all)s.",
                tz=timezone,
                all=", ".join(TIMEZONES),
            )
        )


def check_code_free(code: str, unit: Unit | None = None) -> None:
    """Refuse a code already used by another unit than ``unit``."""
    stmt = select(func.count()).where(Unit.code == code)
    if unit is not None and unit.id is not None:
        stmt = stmt.where(Unit.id != unit.id)
    if db.session.scalar(stmt):
        raise RuleViolation(_("Kode satuan %(code)s sudah dipakai.", code=code))


def unit_by_code(code: str) -> Unit:
    """Return the unit with ``code`` or refuse with a readable message."""
    unit = db.session.scalar(select(Unit).where(Unit.code == code.strip()))
    if unit is None:
        raise RuleViolation(_("Satuan dengan kode %(code)s tidak ditemukan.", code=code))
    return unit


def create_unit(
    code: str,
    name: str,
    level: str,
    parent: Unit | None,
    timezone: str = "Asia/Jakarta",
    unit_type: str | None = None,
    is_synthetic: bool = False,
    actor=None,
) -> Unit:
    """Add a unit below ``parent`` and give it its materialized path."""
    check_code(code)
    check_name(name)
    check_level(level)
    check_placement(level, parent)
    check_timezone(timezone)
    check_code_free(code)
    unit = Unit(
        code=code,
        name=name.strip(),
        level=level,
        unit_type=unit_type or guess_unit_type(name, level),
        parent=parent,
        timezone=timezone,
        is_synthetic=is_synthetic,
    )
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    record("unit", "create", user=actor, entity_id=unit.id, after=unit_fields(unit, parent))
    return unit


def unit_fields(unit: Unit, parent: Unit | None) -> dict:
    """The audited fields of a unit (its parent by code)."""
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "unit_type": unit.unit_type,
        "timezone": unit.timezone,
        "parent": parent.code if parent is not None else None,
    }


def update_unit(
    unit: Unit, *, code: str, name: str, unit_type: str, timezone: str, actor=None
) -> Unit:
    """Change a unit's code, name, type and time zone; an empty type is guessed from the name."""
    check_code(code)
    check_name(name)
    check_timezone(timezone)
    check_code_free(code, unit)
    canonical = normalise_unit_type(unit_type) if unit_type else None
    if unit_type and canonical is None:
        raise RuleViolation(_("Jenis satuan %(type)s tidak dikenal.", type=unit_type))
    before = unit_fields(unit, unit.parent)
    zone_changed = unit.timezone != timezone
    unit.code = code
    unit.name = name.strip()
    unit.unit_type = canonical or guess_unit_type(unit.name, unit.level)
    unit.timezone = timezone
    db.session.flush()
    record_update("unit", before, unit_fields(unit, unit.parent), user=actor, entity_id=unit.id)
    if zone_changed:  # local days follow the zone (the response measures listen)
        emit("unit_zone_changed", unit_ids=[unit.id])
    return unit


def move_unit(unit: Unit, new_parent: Unit, *, actor=None, audit: bool = True) -> None:
    """Put ``unit`` (and its whole subtree) below ``new_parent`` in one UPDATE."""
    if new_parent.path.startswith(unit.path):
        raise RuleViolation(_("Satuan tidak bisa dipindah ke bawah dirinya sendiri."))
    check_placement(unit.level, new_parent)
    if audit:
        before, after = (
            {"parent": unit.parent.code if unit.parent else None},
            {"parent": new_parent.code},
        )
        record("unit", "move", user=actor, entity_id=unit.id, before=before, after=after)
    old_prefix, new_prefix = unit.path, f"{new_parent.path}{unit.id}/"
    db.session.execute(
        update(Unit)
        .where(in_subtree(old_prefix))
        .values(path=new_prefix + func.substr(Unit.path, len(old_prefix) + 1))
        .execution_options(synchronize_session=False)
    )
    unit.parent = new_parent
    db.session.flush()
    db.session.expire_all()


def subtree_ids(unit: Unit):
    """Select the ids of ``unit`` and every unit below it (one statement)."""
    return select(Unit.id).where(in_subtree(unit.path))
