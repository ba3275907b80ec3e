"""The demo unit tree: the real Polri list plus deterministic synthetic Polsek, bulk loaded."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import String, cast, func, select, update
from sqlalchemy.orm import aliased

from training.core.bulkwrite import insert_rows
from training.demo.names import place_name
from training.extensions import db
from training.units.models import Unit
from training.units.services import guess_unit_type

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "polri_units.csv"
LEVELS = ("mabes", "polda", "polres", "polsek")
SEED = "presisi-demo-2022"
#: Demo scale: synthetic Polsek under every Polres of these Polda (Metro Jaya, Jawa Timur,
#: Bali, Sulawesi Selatan in WITA, Papua in WIT).
DEMO_POLDA = ("11", "15", "17", "27", "33")
DEMO_PER_POLRES = 3
URBAN_TYPES = frozenset({"Polresta", "Polrestabes", "Polres Metro"})
CHUNK = 1000

#: Called with the number of rows just written, e.g. a progress bar's update.
Progress = Callable[[int], object]


@dataclass(frozen=True)
class PlannedUnit:
    code: str
    name: str
    level: str
    parent_code: str | None
    timezone: str
    unit_type: str
    is_synthetic: bool = False

    @property
    def region(self) -> str:
        """The Polda code this unit belongs to ("00" for Mabes)."""
        return self.code[:2]


def real_units() -> list[PlannedUnit]:
    """Read the real unit list shipped with the app."""
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return [
            PlannedUnit(
                code=row["code"],
                name=row["name"],
                level=row["level"],
                parent_code=row["parent_code"] or None,
                timezone=row["timezone"],
                unit_type=guess_unit_type(row["name"], row["level"]),
            )
            for row in csv.DictReader(handle)
        ]


def _national_total(rng: random.Random, polres: PlannedUnit) -> int:
    """How many Polsek a Polres has at national scale (≈11 on average)."""
    return rng.randint(10, 20) if polres.unit_type in URBAN_TYPES else rng.randint(7, 15)


def synthetic_polsek(polres: PlannedUnit, real: list[PlannedUnit], scale: str):
    """Yield the synthetic Polsek of ``polres``; the demo set is a prefix of the national one."""
    rng = random.Random(f"{SEED}:polsek:{polres.code}")
    total = _national_total(rng, polres)
    demo = DEMO_PER_POLRES if polres.region in DEMO_POLDA else 0
    count = demo if scale == "demo" else max(total - len(real), demo)
    taken = {unit.name for unit in real}
    number = max((int(unit.code.rsplit(".", 1)[1]) for unit in real), default=0)
    while count > 0:
        name = f"Polsek {place_name(rng, polres.region)}"
        if name in taken:
            continue
        taken.add(name)
        number += 1
        count -= 1
        yield PlannedUnit(
            code=f"{polres.code}.{number:02d}",
            name=name,
            level="polsek",
            parent_code=polres.code,
            timezone=polres.timezone,
            unit_type="Polsek",
            is_synthetic=True,
        )


def plan_units(scale: str) -> list[PlannedUnit]:
    """Every unit of ``scale`` ("demo" or "national"), parents before children."""
    real = real_units()
    by_parent: dict[str, list[PlannedUnit]] = {}
    for unit in real:
        by_parent.setdefault(unit.parent_code or "", []).append(unit)
    planned = list(real)
    for polres in (unit for unit in real if unit.level == "polres"):
        planned.extend(synthetic_polsek(polres, by_parent.get(polres.code, []), scale))
    return sorted(planned, key=lambda unit: LEVELS.index(unit.level))


def _known() -> dict[str, tuple[int, str]]:
    rows = db.session.execute(select(Unit.code, Unit.id, Unit.path))
    return {code: (uid, path) for code, uid, path in rows}


def count_missing(planned: list[PlannedUnit]) -> int:
    known = _known()
    return sum(unit.code not in known for unit in planned)


def load_units(planned: list[PlannedUnit], progress: Progress | None = None) -> int:
    """Insert the planned units missing by code, level by level, with their paths.

    Existing units (same code) are left untouched. Returns the number inserted.
    """
    known = _known()
    added = 0
    for level in LEVELS:
        missing = [
            unit
            for unit in planned
            if unit.level == level
            and unit.code not in known
            and (unit.parent_code is None or unit.parent_code in known)
        ]
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            _insert_chunk(chunk, known)
            added += len(chunk)
            if progress:
                progress(len(chunk))
    return added


def _insert_chunk(chunk: list[PlannedUnit], known: dict[str, tuple[int, str]]) -> None:
    """Insert ``chunk``, then set every path from its parent's and its id in one statement
    (the parents are of a level above, inserted before), and read ids and paths back."""
    insert_rows(
        Unit.__table__,
        [
            {
                "code": unit.code,
                "name": unit.name,
                "level": unit.level,
                "unit_type": unit.unit_type,
                "parent_id": known[unit.parent_code][0] if unit.parent_code else None,
                "path": "",
                "timezone": unit.timezone,
                "is_synthetic": unit.is_synthetic,
            }
            for unit in chunk
        ],
    )
    codes = [unit.code for unit in chunk]
    parent = aliased(Unit)
    parent_path = select(parent.path).where(parent.id == Unit.parent_id).scalar_subquery()
    path = func.coalesce(parent_path, "/").concat(cast(Unit.id, String)).concat("/")
    stmt = update(Unit).where(Unit.code.in_(codes)).values(path=path)
    db.session.execute(stmt, execution_options={"synchronize_session": False})
    rows = db.session.execute(select(Unit.code, Unit.id, Unit.path).where(Unit.code.in_(codes)))
    known.update((code, (uid, unit_path)) for code, uid, unit_path in rows)
