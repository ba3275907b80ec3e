"""CSV/XLSX import and export of the drill's scenario bank.

All or nothing: every row is checked (the same rules as the form, codes unique in the
file) and any problem is reported with its line before anything is written. A scenario is
identified by its code: a known one is updated, a new one created; re-importing an export
changes nothing. The ``aktif`` column, when present, sets whether it is offered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from training.assessments.drill_models import DrillScenario
from training.assessments.drill_scenarios import FIELDS, clean_values
from training.audit.services import entry, record_many
from training.core.importplan import Change, Importer, Preview, row_plan
from training.core.tabular import ImportFailed, Limits, Row, RowError, read_table
from training.extensions import db

#: File column → scenario field.
COLUMNS = {
    "kode": "code",
    "judul": "title",
    "platform": "platform",
    "akun_warga": "handle",
    "kategori": "category",
    "teks_mention": "mention_text",
    "petunjuk_penilaian": "rubric",
}
REQUIRED = tuple(COLUMNS)
OPTIONAL = ("aktif",)
HEADER = REQUIRED + OPTIONAL
FIELD_COLUMN = {field: column for column, field in COLUMNS.items()}
YES = frozenset({"ya", "y", "yes", "true", "1", "aktif", ""})
NO = frozenset({"tidak", "tdk", "no", "n", "false", "0", "nonaktif"})


@dataclass
class _Item:
    line: int
    values: dict
    scenario: DrillScenario | None


def _parse(row: Row, known: dict[str, DrillScenario], first: dict[str, int]):
    values = {field: row.text(column) for column, field in COLUMNS.items()}
    code = values["code"].strip().upper()
    clean, errors = clean_values(values, known.get(code))
    messages = [f"{FIELD_COLUMN[f]}: {errors[f]}" for f in FIELDS if f in errors]
    word = row.text("aktif").strip().lower()
    if word not in YES | NO:
        messages.append(_("aktif: isi ya atau tidak."))
    clean["is_active"] = word not in NO
    if not messages and code in first:
        messages.append(
            _("kode %(code)s sudah ada di baris %(n)d berkas ini.", code=code, n=first[code])
        )
    first.setdefault(code, row.line)
    return clean, messages


def plan_import(rows: list[Row], progress: Callable[[int], object] | None = None) -> list[_Item]:
    """Check every row; raise ImportFailed listing every problem by line."""
    codes = {row.text("kode").strip().upper() for row in rows} - {""}
    known = {
        s.code: s
        for s in db.session.scalars(select(DrillScenario).where(DrillScenario.code.in_(codes)))
    }
    items, errors, first = [], [], {}
    for row in rows:
        clean, messages = _parse(row, known, first)
        errors.extend(RowError(row.line, m) for m in messages)
        if not messages:
            items.append(_Item(row.line, clean, known.get(clean["code"])))
        if progress is not None:
            progress(1)
    if errors:
        raise ImportFailed(errors)
    return items


def _row_plan(item: _Item):
    values, scenario = item.values, item.scenario
    if scenario is None:
        return row_plan(item.line, values["code"], values["title"], [], new=True, moved=False)
    changes = [
        Change(FIELD_COLUMN.get(name, "aktif"), str(getattr(scenario, name)), str(values[name]))
        for name in (*FIELDS, "is_active")
        if getattr(scenario, name) != values[name]
    ]
    return row_plan(item.line, values["code"], values["title"], changes, new=False, moved=False)


def preview_scenarios(rows: list[Row], progress=None) -> Preview:
    """Validate every row and tell what each would do; raises ImportFailed, writes nothing."""
    items = plan_import(rows, progress)
    return Preview([_row_plan(item) for item in items], items)


def apply_scenarios(preview: Preview, user=None, now: datetime | None = None) -> None:
    """Create the new scenarios and update the changed ones; the caller commits."""
    now = now or datetime.now(UTC)
    audit = []
    for item in preview.plan:
        scenario = item.scenario
        if scenario is None:
            scenario = DrillScenario(**item.values, updated_at=now)
            db.session.add(scenario)
        elif any(getattr(scenario, k) != v for k, v in item.values.items()):
            for name, value in item.values.items():
                setattr(scenario, name, value)
            scenario.updated_at = now
        else:
            continue
        db.session.flush()
        audit.append(
            entry(
                "drill_scenario",
                "import",
                user=user,
                entity_id=scenario.id,
                after=dict(item.values),
                now=now,
            )
        )
    record_many(audit)


def read_scenarios(filename: str, data: bytes, limits: Limits | None = None) -> list[Row]:
    return read_table(filename, data, REQUIRED, OPTIONAL, limits)


IMPORTER = Importer("drill-scenarios", read_scenarios, preview_scenarios, apply_scenarios)


def export_rows() -> Iterator[tuple]:
    """Import-ready tuples (see ``HEADER``) of the whole bank, by code."""
    for s in db.session.scalars(select(DrillScenario).order_by(DrillScenario.code)):
        yield (
            s.code,
            s.title,
            s.platform,
            s.handle,
            s.category,
            s.mention_text,
            s.rubric,
            "ya" if s.is_active else "tidak",
        )
