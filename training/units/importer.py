"""All-or-nothing import of the unit tree from CSV/XLSX: columns kode, nama, tingkat_satuan,
kode_induk, zona_waktu (and jenis); the English headers of polri_units.csv (code, name,
level, parent_code, timezone, type) are read as the same columns.

Every row is validated first against the database and the rest of the file; any problem
is reported with its line number and nothing is written. Existing codes are updated when
their values differ and left alone when equal, so importing the same file twice changes
nothing. New units are inserted level by level (one flush per level) to get their ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from training.audit.services import diff, entry, record_many
from training.core.importplan import Change, Importer, Preview, row_plan, text
from training.core.tabular import ImportFailed, Limits, Row, RowError, read_table
from training.errors import RuleViolation
from training.extensions import db
from training.units.import_tree import DEPTH, ImportTree, link_problem, second_roots
from training.units.models import Unit
from training.units.services import (
    LEVELS,
    check_code,
    check_name,
    check_timezone,
    guess_unit_type,
    move_unit,
    normalise_unit_type,
    unit_fields,
)

REQUIRED = ("kode", "nama", "tingkat_satuan", "kode_induk", "zona_waktu")
OPTIONAL = ("jenis",)
#: The headers of the published unit list, read as ours.
ALIASES = {
    "code": "kode",
    "name": "nama",
    "level": "tingkat_satuan",
    "parent_code": "kode_induk",
    "timezone": "zona_waktu",
    "type": "jenis",
}


@dataclass
class UnitRow:
    """One validated row: the unit's wanted values."""

    line: int
    code: str
    name: str
    level: str
    parent_code: str
    timezone: str
    unit_type: str  # "" = keep the existing type / guess it for a new unit
    ok: bool = True


@dataclass
class _Plan:
    items: list[UnitRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    existing: dict[str, Unit] = field(default_factory=dict)


def read_units(filename: str, data: bytes, limits: Limits | None = None) -> list[Row]:
    """Read the rows of a unit file; raises ImportFailed when the file itself is unusable."""
    return read_table(filename, data, REQUIRED, OPTIONAL, limits, ALIASES)


def _parse(row: Row, plan: _Plan) -> UnitRow:
    """Read a row into an item, recording its own field errors (``item.ok`` is False)."""
    item = UnitRow(
        line=row.line,
        code=row.text("kode"),
        name=row.text("nama"),
        level=row.text("tingkat_satuan").lower(),
        parent_code=row.text("kode_induk"),
        timezone=row.text("zona_waktu"),
        unit_type=row.text("jenis"),
    )
    problems = []
    for check, value in ((check_code, item.code), (check_name, item.name)):
        try:
            check(value)
        except RuleViolation as exc:
            problems.append(str(exc))
    if item.level not in LEVELS:
        problems.append(
            _(
                "Tingkat satuan %(level)s tidak dikenal (pilih: %(all)s).",
                level=item.level,
                all=", ".join(LEVELS),
            )
        )
    try:
        check_timezone(item.timezone)
    except RuleViolation as exc:
        problems.append(str(exc))
    if item.unit_type:
        canonical = normalise_unit_type(item.unit_type)
        if canonical is None:
            problems.append(_("Jenis satuan %(type)s tidak dikenal.", type=item.unit_type))
        item.unit_type = canonical or ""
    plan.errors.extend(RowError(row.line, p) for p in problems)
    item.ok = not problems
    return item


def plan_import(rows: list[Row]) -> _Plan:
    """Validate every row; the plan's errors list all problems, by line."""
    plan = _Plan()
    items: dict[str, UnitRow] = {}
    first_line: dict[str, int] = {}
    for row in rows:
        code = row.text("kode")
        if code and code in first_line:
            plan.errors.append(
                RowError(
                    row.line,
                    _("Kode %(code)s sudah ada di baris %(n)d.", code=code, n=first_line[code]),
                )
            )
            continue
        if code:
            first_line[code] = row.line
        item = _parse(row, plan)
        if item.code and item.level in LEVELS:
            items[item.code] = item
    existing = {u.code: u for u in db.session.scalars(select(Unit))}
    # Rows without a usable code or level cannot be placed: their children are not blamed.
    tree = ImportTree(items, existing, set(first_line) - set(items))
    for item in items.values():
        message = link_problem(item, tree)
        if message:
            plan.errors.append(RowError(item.line, message))
    plan.errors.extend(second_roots(items, existing))
    plan.errors.sort(key=lambda e: e.line or 0)
    plan.items = sorted((i for i in items.values() if i.ok), key=lambda i: (DEPTH[i.level], i.line))
    plan.existing = existing
    return plan


def _parent_code(unit: Unit, by_id: dict[int, Unit]) -> str:
    parent = by_id.get(unit.parent_id) if unit.parent_id else None
    return parent.code if parent is not None else ""


def _changes(unit: Unit, item: UnitRow, by_id: dict[int, Unit]) -> list[Change]:
    """The fields of ``unit`` that the row changes, before and after."""
    pairs = (
        (_("Nama"), unit.name, item.name),
        (_("Jenis"), unit.unit_type, item.unit_type or unit.unit_type),
        (_("Zona waktu"), unit.timezone, item.timezone),
        (_("Induk"), _parent_code(unit, by_id), item.parent_code),
    )
    return [
        Change(name, text(old), text(new)) for name, old, new in pairs if text(old) != text(new)
    ]


def preview_units(rows: list[Row], progress=None) -> Preview:
    """Validate every row and tell what each would do; raises ImportFailed, writes nothing."""
    plan = plan_import(rows)
    if plan.errors:
        raise ImportFailed(plan.errors)
    by_id = {u.id: u for u in plan.existing.values()}
    plans = []
    for item in plan.items:
        unit = plan.existing.get(item.code)
        if unit is None:
            changes = [
                Change(_("Tingkat satuan"), "", item.level),
                Change(_("Induk"), "", item.parent_code),
            ]
            plans.append(row_plan(item.line, item.code, item.name, changes, new=True, moved=False))
            continue
        changes = _changes(unit, item, by_id)
        moved = _parent_code(unit, by_id) != item.parent_code
        plans.append(row_plan(item.line, item.code, item.name, changes, new=False, moved=moved))
    if progress is not None:
        progress(len(rows))
    return Preview(sorted(plans, key=lambda p: p.line), plan)


def apply_units(preview: Preview, user=None) -> None:
    """Write a previewed plan: parents before children, one flush per level; audit every
    created or changed unit and the batch's counts in one insert."""
    plan = preview.plan
    units = dict(plan.existing)
    by_id = {u.id: u for u in plan.existing.values()}
    audits = []
    for depth in sorted({DEPTH[i.level] for i in plan.items}):
        fresh = []
        for item in (i for i in plan.items if DEPTH[i.level] == depth):
            parent = units.get(item.parent_code) if item.parent_code else None
            unit = units.get(item.code)
            if unit is None:
                unit = _new_unit(item, parent)
                units[item.code] = unit
                fresh.append((unit, parent))
            elif _changes(unit, item, by_id):
                before = unit_fields(unit, None) | {"parent": _parent_code(unit, by_id) or None}
                _update(unit, item, parent)
                audits.append(_audit("update", unit, before, parent, user))
        if fresh:
            db.session.flush()
            for unit, parent in fresh:
                unit.path = f"{parent.path if parent else '/'}{unit.id}/"
                audits.append(_audit("create", unit, None, parent, user))
    db.session.flush()
    counts = vars(preview.counts)
    record_many([entry("unit", "import", user=user, after=dict(counts)), *audits])


def _audit(action: str, unit: Unit, before: dict | None, parent: Unit | None, actor) -> dict:
    after = unit_fields(unit, parent)
    if before is not None:
        before, after = diff(before, after)
    return entry("unit", action, user=actor, entity_id=unit.id, before=before, after=after)


def _new_unit(item: UnitRow, parent: Unit | None) -> Unit:
    unit = Unit(
        code=item.code,
        name=item.name,
        level=item.level,
        unit_type=item.unit_type or guess_unit_type(item.name, item.level),
        parent_id=parent.id if parent is not None else None,
        timezone=item.timezone,
        path="",
    )
    db.session.add(unit)
    return unit


def _update(unit: Unit, item: UnitRow, parent: Unit | None) -> None:
    unit.name = item.name
    unit.unit_type = item.unit_type or unit.unit_type
    unit.timezone = item.timezone
    if (parent.id if parent is not None else None) != unit.parent_id:
        move_unit(unit, parent, audit=False)


IMPORTER = Importer("units", read_units, preview_units, apply_units)


def import_units(filename: str, data: bytes, limits: Limits | None = None, *, actor=None):
    """Read and import a unit file in one go (counts returned). The caller commits."""
    preview = preview_units(read_units(filename, data, limits))
    apply_units(preview, actor)
    return preview.counts
