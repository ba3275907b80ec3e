"""Where the rows of a unit import would sit in the tree: levels, parents, cycles, roots.

Rows are the importer's validated items (code, level, parent_code, line); the tree after the
import is the file's rows over the database's units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from training.core.tabular import RowError
from training.units.models import Unit, UnitLevel

if TYPE_CHECKING:
    from training.units.importer import UnitRow as Item

DEPTH = {level.value: level.depth for level in UnitLevel}


@dataclass
class ImportTree:
    """The tree as it would be after the import: file rows override database units."""

    items: dict[str, Item]
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


def link_problem(item: Item, tree: ImportTree) -> str | None:
    """Why ``item`` cannot sit where the file puts it, or None."""
    current = tree.existing.get(item.code)
    if current is not None and current.level != item.level:
        return _(
            "Tingkat satuan %(code)s yang sudah ada (%(old)s) tidak bisa diubah.",
            code=item.code,
            old=current.level,
        )
    if not item.parent_code:
        if item.level != UnitLevel.MABES:
            return _("Satuan tingkat %(level)s harus punya induk (kode_induk).", level=item.level)
        return None
    if tree.in_cycle(item.code):
        return _("Satuan %(code)s akan berada di bawah dirinya sendiri (siklus).", code=item.code)
    if item.parent_code in tree.broken:
        return None
    parent_level = tree.level_of(item.parent_code)
    if parent_level is None:
        return _(
            "Induk %(code)s tidak ditemukan di basis data maupun di berkas.", code=item.parent_code
        )
    if DEPTH[parent_level] != DEPTH[item.level] - 1:
        return _(
            "Satuan %(level)s tidak bisa berada di bawah %(parent)s (%(pcode)s).",
            level=item.level,
            parent=parent_level,
            pcode=item.parent_code,
        )
    return None


def second_roots(items: dict[str, Item], existing: dict[str, Unit]) -> list[RowError]:
    """Refuse a new unit without parent when the tree already has its root."""
    roots = [u.code for u in existing.values() if u.parent_id is None]
    errors = []
    for item in sorted(items.values(), key=lambda i: i.line):
        if item.parent_code or item.level != UnitLevel.MABES or item.code in existing:
            continue
        if roots:
            message = _(
                "Satuan tanpa induk %(root)s sudah ada; hanya boleh ada satu satuan pusat.",
                root=roots[0],
            )
            errors.append(RowError(item.line, message))
        else:
            roots.append(item.code)
    return errors
