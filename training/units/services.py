"""Unit tree use cases: create, edit, move. Callers commit."""

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from training.errors import RuleViolation
from training.extensions import db
from training.units.models import TIMEZONES, UNIT_TYPES, Unit, UnitLevel


def guess_unit_type(name: str, level: str) -> str:
    """Return the unit type written at the start of ``name`` (Polresta, Polsek...)."""
    for unit_type in UNIT_TYPES:
        if name.lower().startswith(unit_type.lower() + " ") or name == unit_type:
            return unit_type
    return {"mabes": "Mabes Polri", "polda": "Polda", "polres": "Polres"}.get(level, "Polsek")


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


def create_unit(
    code: str,
    name: str,
    level: str,
    parent: Unit | None,
    timezone: str = "Asia/Jakarta",
    unit_type: str | None = None,
    is_synthetic: bool = False,
) -> Unit:
    """Add a unit below ``parent`` and give it its materialized path."""
    check_placement(level, parent)
    check_timezone(timezone)
    if db.session.scalar(select(func.count()).where(Unit.code == code)):
        raise RuleViolation(_("Kode satuan %(code)s sudah dipakai.", code=code))
    unit = Unit(
        code=code,
        name=name,
        level=level,
        unit_type=unit_type or guess_unit_type(name, level),
        parent=parent,
        timezone=timezone,
        is_synthetic=is_synthetic,
    )
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    return unit


def move_unit(unit: Unit, new_parent: Unit) -> None:
    """Put ``unit`` (and its whole subtree) below ``new_parent`` in one UPDATE."""
    if new_parent.path.startswith(unit.path):
        raise RuleViolation(_("Satuan tidak bisa dipindah ke bawah dirinya sendiri."))
    check_placement(unit.level, new_parent)
    old_prefix, new_prefix = unit.path, f"{new_parent.path}{unit.id}/"
    db.session.execute(
        update(Unit)
        .where(Unit.path.startswith(old_prefix))
        .values(path=new_prefix + func.substr(Unit.path, len(old_prefix) + 1))
        .execution_options(synchronize_session=False)
    )
    unit.parent = new_parent
    db.session.flush()
    db.session.expire_all()


def subtree_ids(unit: Unit):
    """Select the ids of ``unit`` and every unit below it (one statement)."""
    return select(Unit.id).where(Unit.path.startswith(unit.path))
