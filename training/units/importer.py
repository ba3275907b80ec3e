"""All-or-nothing import of the unit tree from CSV/XLSX (the polri_units.csv format).

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
from training.core.tabular import FORMULA_START, ImportFailed, Limits, Row, RowError, read_table
from training.errors import RuleViolation
from training.extensions import db
from training.units.models import Unit, UnitLevel
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

REQUIRED = ("code", "name", "level", "parent_code", "timezone")
OPTIONAL = ("type",)
DEPTH = {level.value: level.depth for level in UnitLevel}


@dataclass
class _Item:
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
    items: list[_Item] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    existing: dict[str, Unit] = field(default_factory=dict)


def _cell(row: Row, key: str) -> str:
    """A cell's text; an apostrophe added by our exports before a formula is dropped."""
    value = row.get(key)
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def read_units(filename: str, data: bytes, limits: Limits | None = None) -> list[Row]:
    """Read the rows of a unit file; raises ImportFailed when the file itself is unusable."""
    return read_table(filename, data, REQUIRED, OPTIONAL, limits)


def _parse(row: Row, plan: _Plan) -> _Item:
    """Read a row into an item, recording its own field errors (``item.ok`` is False)."""
    item = _Item(
        line=row.line,
        code=_cell(row, "code"),
        name=_cell(row, "name"),
        level=_cell(row, "level").lower(),
        parent_code=_cell(row, "parent_code"),
        timezone=_cell(row, "timezone"),
        unit_type=_cell(row, "type"),
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
                "tingkat %(level)s tidak dikenal (pilih: %(all)s)",
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
            problems.append(_("jenis satuan %(type)s tidak dikenal", type=item.unit_type))
        item.unit_type = canonical or ""
    plan.errors.extend(RowError(row.line, p) for p in problems)
    item.ok = not problems
    return item


@dataclass
class _Tree:
    """The tree as it would be after the import: file rows override database units."""

    items: dict[str, _Item]
    existing: dict[str, Unit]
    #: Codes whose rows have their own errors: their children are not blamed again.
    broken: set[str]

    def __post_init__(self):
        self.by_id = {u.id: u for u in self.existing.values()}

    def level_of(self, code: str) -> str | None:
        node = self.items.get(code) or self.existing.get(code)
        return node.level if node is not None else None

    def parent_of(self, code: str) -> str | None:
        if code in self.broken:
            return None
        if code in self.items:
            return self.items[code].parent_code or None
        unit = self.existing.get(code)
        parent = self.by_id.get(unit.parent_id) if unit is not None and unit.parent_id else None
        return parent.code if parent is not None else None

    def in_cycle(self, code: str) -> bool:
        """Whether following the parents after the import leads back to ``code``."""
        seen = set()
        current = self.parent_of(code)
        while current is not None and current not in seen:
            if current == code:
                return True
            seen.add(current)
            current = self.parent_of(current)
        return False


def _link_problem(item: _Item, tree: _Tree) -> str | None:
    """Why ``item`` cannot sit where the file puts it, or None."""
    current = tree.existing.get(item.code)
    if current is not None and current.level != item.level:
        return _(
            "tingkat satuan %(code)s yang sudah ada (%(old)s) tidak bisa diubah",
            code=item.code,
            old=current.level,
        )
    if not item.parent_code:
        if item.level != UnitLevel.MABES:
            return _("satuan tingkat %(level)s harus punya induk (parent_code)", level=item.level)
        return None
    if tree.in_cycle(item.code):
        return _("satuan %(code)s akan berada di bawah dirinya sendiri (siklus)", code=item.code)
    if item.parent_code in tree.broken:
        return None
    parent_level = tree.level_of(item.parent_code)
    if parent_level is None:
        return _(
            "induk %(code)s tidak ditemukan di basis data maupun di berkas", code=item.parent_code
        )
    if DEPTH[parent_level] != DEPTH[item.level] - 1:
        return _(
            "satuan %(level)s tidak bisa berada di bawah %(parent)s (%(pcode)s)",
            level=item.level,
            parent=parent_level,
            pcode=item.parent_code,
        )
    return None


def plan_import(rows: list[Row]) -> _Plan:
    """Validate every row; the plan's errors list all problems, by line."""
    plan = _Plan()
    items: dict[str, _Item] = {}
    first_line: dict[str, int] = {}
    for row in rows:
        code = _cell(row, "code")
        if code and code in first_line:
            plan.errors.append(
                RowError(
                    row.line,
                    _("kode %(code)s sudah ada di baris %(n)d", code=code, n=first_line[code]),
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
    tree = _Tree(items, existing, set(first_line) - set(items))
    for item in items.values():
        message = _link_problem(item, tree)
        if message:
            plan.errors.append(RowError(item.line, message))
    plan.errors.extend(_second_roots(items, existing))
    plan.errors.sort(key=lambda e: e.line or 0)
    plan.items = sorted((i for i in items.values() if i.ok), key=lambda i: (DEPTH[i.level], i.line))
    plan.existing = existing
    return plan


def _second_roots(items: dict[str, _Item], existing: dict[str, Unit]) -> list[RowError]:
    """Refuse a new unit without parent when the tree already has its root."""
    roots = [u.code for u in existing.values() if u.parent_id is None]
    errors = []
    for item in sorted(items.values(), key=lambda i: i.line):
        if item.parent_code or item.level != UnitLevel.MABES or item.code in existing:
            continue
        if roots:
            message = _(
                "satuan tanpa induk %(root)s sudah ada; hanya boleh ada satu satuan pusat",
                root=roots[0],
            )
            errors.append(RowError(item.line, message))
        else:
            roots.append(item.code)
    return errors


def _parent_code(unit: Unit, by_id: dict[int, Unit]) -> str:
    parent = by_id.get(unit.parent_id) if unit.parent_id else None
    return parent.code if parent is not None else ""


def _changes(unit: Unit, item: _Item, by_id: dict[int, Unit]) -> list[Change]:
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
                Change(_("Tingkat"), "", item.level),
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


def _new_unit(item: _Item, parent: Unit | None) -> Unit:
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


def _update(unit: Unit, item: _Item, parent: Unit | None) -> None:
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
