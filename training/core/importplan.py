"""What an import would do, row by row, before anything is written: the preview.

Every import (units, people, accounts) validates its file into a Preview: one RowPlan per
row saying whether the row creates a record, changes one (with each field before and
after), moves one to another unit, or leaves it alone. The web shows the preview and
writes only once the user confirms; the CLI writes at once and prints the same counts.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from training.core.tabular import Row

NEW, CHANGED, MOVED, UNCHANGED = "new", "changed", "moved", "unchanged"
#: The order rows are listed in a preview: the most consequential first.
SHOWN_ORDER = {MOVED: 0, CHANGED: 1, NEW: 2}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RowPlan:
    line: int
    key: str  # code, NRP or @handle: what identifies the record
    label: str  # its name, as the user knows it
    kind: str
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Counts:
    new: int = 0
    changed: int = 0
    moved: int = 0
    unchanged: int = 0

    @property
    def created(self) -> int:
        return self.new

    @property
    def updated(self) -> int:
        return self.changed + self.moved

    def text(self) -> str:
        return _(
            "%(new)d baru, %(changed)d berubah, %(moved)d pindah, %(unchanged)d tidak berubah",
            new=self.new,
            changed=self.changed,
            moved=self.moved,
            unchanged=self.unchanged,
        )


@dataclass
class Preview:
    rows: list[RowPlan]
    #: The feature's own validated plan, handed back to its ``apply``.
    plan: object = None
    counts: Counts = field(init=False)

    def __post_init__(self):
        kinds = Counter(row.kind for row in self.rows)
        self.counts = Counts(kinds[NEW], kinds[CHANGED], kinds[MOVED], kinds[UNCHANGED])

    def shown(self, limit: int) -> list[RowPlan]:
        """The rows that change something, moved first, at most ``limit``."""
        rows = [row for row in self.rows if row.kind != UNCHANGED]
        rows.sort(key=lambda row: (SHOWN_ORDER[row.kind], row.line))
        return rows[:limit]

    def digest(self) -> str:
        """A fingerprint of what the import would do: confirming a stale preview is refused."""
        payload = [
            (r.line, r.key, r.kind, [tuple(vars(c).values()) for c in r.changes]) for r in self.rows
        ]
        return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()


def row_plan(line: int, key: str, label: str, changes: list[Change], *, new: bool, moved: bool):
    """A RowPlan whose kind follows from what changes."""
    if new:
        kind = NEW
    elif moved:
        kind = MOVED
    else:
        kind = CHANGED if changes else UNCHANGED
    return RowPlan(line, key, label, kind, tuple(changes))


def text(value: object) -> str:
    """A value as shown in a preview ('' for nothing)."""
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Importer:
    """One kind of import: how to read a file, preview it, and apply the preview.

    ``apply(preview, user)`` writes (the caller commits); ``preview(rows, progress)``
    raises ImportFailed listing every problem and writes nothing.
    """

    name: str
    read: Callable[[str, bytes], list[Row]]
    preview: Callable[..., Preview]
    apply: Callable[[Preview, object], None]

    def run(self, filename: str, data: bytes, user=None) -> Counts:
        """Read, validate and write a file in one go (the CLI and tests); caller commits."""
        preview = self.preview(self.read(filename, data))
        self.apply(preview, user)
        return preview.counts
