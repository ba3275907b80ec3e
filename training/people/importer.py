"""All-or-nothing import of personnel from CSV/XLSX (the format of the people export).

Every row is checked first, against the rest of the file and against units, NRPs and unit
heads loaded in a few batched queries (never one query per row). Any problem is reported
with its line number and nothing is written. A row whose NRP/NIP already exists updates
that person, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from training.core.importplan import Change, Importer, Preview, row_plan, text
from training.core.labels import position_label
from training.core.tabular import ImportFailed, Limits, Row, RowError, batches, read_table
from training.errors import RuleViolation
from training.extensions import db
from training.people.import_write import apply_people
from training.people.models import Person
from training.people.ranks import COMMANDER_POSITIONS
from training.people.services import (
    check_email,
    check_name,
    check_phone,
    check_position_level,
    parse_position,
    position_lookup,
    two_heads_message,
    validate_identity,
)
from training.units.lookup import units_by_code, units_by_id
from training.units.models import Unit

REQUIRED = ("nrp", "nama", "pangkat", "jabatan", "kode_satuan")
OPTIONAL = ("telepon", "email")
BATCH = 500
_WHOLE_FLOAT = re.compile(r"^\d+\.0$")


@dataclass
class _Item:
    line: int
    nrp: str
    values: dict  # full_name, rank, position, unit_id, phone, email


@dataclass
class _Context:
    units: dict[str, Unit]
    lookup: dict[str, str]
    items: list[_Item] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _load_people(nrps: Iterable[str]) -> dict[str, Person]:
    people = {}
    for chunk in batches(sorted(set(nrps))):
        people.update(
            (p.nrp, p) for p in db.session.scalars(select(Person).where(Person.nrp.in_(chunk)))
        )
    return people


def _load_heads(unit_ids: Iterable[int]) -> list[Person]:
    heads = []
    positions = [str(p) for p in COMMANDER_POSITIONS]
    for chunk in batches(sorted(set(unit_ids))):
        stmt = select(Person).where(Person.unit_id.in_(chunk), Person.position.in_(positions))
        heads.extend(db.session.scalars(stmt))
    return heads


def _parse(row: Row, ctx: _Context) -> _Item | None:
    """Check one row on its own; record its problems in ``ctx.errors``."""
    problems, values = [], {}
    nrp = _number(row)
    unit = ctx.units.get(row.text("kode_satuan"))
    checks = (
        ("full_name", lambda: check_name(row.text("nama"))),
        ("identity", lambda: validate_identity(nrp, row.text("pangkat"))),
        ("position", lambda: parse_position(row.text("jabatan"), ctx.lookup)),
        ("phone", lambda: check_phone(row.text("telepon"))),
        ("email", lambda: check_email(row.text("email"))),
    )
    for key, check in checks:
        try:
            values[key] = check()
        except RuleViolation as exc:
            problems.append(str(exc))
    if unit is None:
        code = row.text("kode_satuan")
        problems.append(
            _("Kode satuan %(code)s tidak ditemukan.", code=code)
            if code
            else _("Kode satuan wajib diisi.")
        )
    elif "position" in values:
        try:
            check_position_level(values["position"], unit)
        except RuleViolation as exc:
            problems.append(str(exc))
    ctx.errors.extend(RowError(row.line, p) for p in problems)
    if problems:
        return None
    number, rank = values["identity"]
    return _Item(
        row.line,
        number,
        dict(
            full_name=values["full_name"],
            rank=rank,
            position=values["position"],
            unit_id=unit.id,
            phone=values["phone"],
            email=values["email"],
        ),
    )


def _number(row: Row) -> str:
    """The row's NRP/NIP as written, without spaces (and without Excel's ".0")."""
    number = "".join(row.text("nrp").split())
    return number[:-2] if _WHOLE_FLOAT.match(number) else number


def _check_duplicates(rows: list[Row], errors: list[RowError]) -> set[int]:
    """Report rows repeating an NRP/NIP written earlier in the file; return their lines."""
    first: dict[str, int] = {}
    repeated = set()
    for row in rows:
        number = _number(row)
        if not number:
            continue
        if number in first:
            message = _(
                "NRP/NIP %(nrp)s sudah ada di baris %(n)d berkas ini.", nrp=number, n=first[number]
            )
            errors.append(RowError(row.line, message))
            repeated.add(row.line)
        else:
            first[number] = row.line
    return repeated


def _check_heads(items: list[_Item], units_by_id: dict[int, Unit], errors: list[RowError]) -> None:
    """At most one commander per unit, counting the database rows the file leaves alone."""
    in_file = {item.nrp for item in items}
    heads: dict[tuple[int, str], str] = {}
    for person in _load_heads(units_by_id):
        if person.nrp not in in_file:
            heads[(person.unit_id, person.position)] = person.full_name
    for item in items:
        position, unit_id = item.values["position"], item.values["unit_id"]
        if position not in COMMANDER_POSITIONS:
            continue
        key = (unit_id, position)
        if key in heads:
            message = two_heads_message(position, units_by_id[unit_id], heads[key])
            errors.append(RowError(item.line, message))
        else:
            heads[key] = f"{item.values['full_name']} ({_('baris %(n)d', n=item.line)})"


def plan_import(rows: list[Row], progress: Callable[[int], None] | None = None) -> list[_Item]:
    """Validate every row; raise ImportFailed listing all problems, by line."""
    codes = {row.text("kode_satuan") for row in rows}
    ctx = _Context(units=units_by_code(codes - {""}), lookup=position_lookup())
    for row in rows:
        item = _parse(row, ctx)
        if item is not None:
            ctx.items.append(item)
        if progress is not None:
            progress(1)
    repeated = _check_duplicates(rows, ctx.errors)
    items = [item for item in ctx.items if item.line not in repeated]
    units_by_id = {unit.id: unit for unit in ctx.units.values()}
    _check_heads(items, units_by_id, ctx.errors)
    if ctx.errors:
        raise ImportFailed(sorted(ctx.errors, key=lambda e: e.line or 0))
    return items


def _field_labels() -> dict[str, str]:
    return {
        "full_name": _("Nama"),
        "rank": _("Pangkat"),
        "position": _("Jabatan"),
        "unit_id": _("Satuan"),
        "phone": _("Telepon"),
        "email": _("Email"),
    }


def _shown(key: str, value, units: dict[int, Unit]) -> str:
    if key == "unit_id":
        unit = units.get(value)
        return f"{unit.code} {unit.name}" if unit is not None else text(value)
    if key == "position":
        return position_label(value)
    return text(value)


def _row_plan(item: _Item, person: Person | None, units: dict[int, Unit]):
    labels = _field_labels()
    if person is None:
        unit = Change(labels["unit_id"], "", _shown("unit_id", item.values["unit_id"], units))
        return row_plan(
            item.line, item.nrp, item.values["full_name"], [unit], new=True, moved=False
        )
    changes = [
        Change(
            label, _shown(key, getattr(person, key), units), _shown(key, item.values[key], units)
        )
        for key, label in labels.items()
        if getattr(person, key) != item.values[key]
    ]
    moved = person.unit_id != item.values["unit_id"]
    return row_plan(item.line, item.nrp, person.full_name, changes, new=False, moved=moved)


def preview_people(rows: list[Row], progress: Callable[[int], None] | None = None) -> Preview:
    """Validate every row and tell what each would do; raises ImportFailed, writes nothing."""
    items = plan_import(rows, progress)
    existing = _load_people(item.nrp for item in items)
    unit_ids = {p.unit_id for p in existing.values()} | {i.values["unit_id"] for i in items}
    units = units_by_id(unit_ids)
    plans = [_row_plan(item, existing.get(item.nrp), units) for item in items]
    return Preview(plans, (items, existing))


def read_people(filename: str, data: bytes, limits: Limits | None = None) -> list[Row]:
    """The rows of a people file; raises ImportFailed when the file itself is unusable."""
    return read_table(filename, data, REQUIRED, OPTIONAL, limits)


IMPORTER = Importer("people", read_people, preview_people, apply_people)


def import_people(filename: str, data: bytes, limits: Limits | None = None, *, actor=None):
    """Read, validate and apply a people file (counts returned); the caller commits."""
    preview = preview_people(read_people(filename, data, limits))
    apply_people(preview, actor)
    return preview.counts
