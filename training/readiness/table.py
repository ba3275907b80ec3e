"""The child-unit table of a readiness page: filter by status, level and name; sort by any
column; one page at a time. Works on the computed Readiness (no further statements)."""

from __future__ import annotations

from dataclasses import dataclass

from training.core.numfmt import Formats
from training.readiness.figures import STATUS_LABELS, UnitReadiness
from training.readiness.gaps import RowPage
from training.readiness.models import ReadinessStatus
from training.readiness.rollup import Readiness
from training.units.models import UnitLevel

STATUS_RANK = {ReadinessStatus.NOT_READY: 0, ReadinessStatus.PARTIAL: 1, ReadinessStatus.READY: 2}

#: Sort key -> value of a unit row (None sorts last in both directions).
SORTS = {
    "name": lambda u: u.name.casefold(),
    "code": lambda u: u.code,
    "status": lambda u: STATUS_RANK[ReadinessStatus(u.status)],
    "targets": lambda u: u.subtree.targets,
    "certified_pct": lambda u: u.subtree.certified_pct,
    "commanders_pct": lambda u: u.subtree.commanders_pct,
    "accounts_pct": lambda u: u.subtree.accounts_pct,
    "average_level": lambda u: u.subtree.average_level,
    "attendance_pct": lambda u: u.subtree.attendance_pct,
    "expiring": lambda u: u.subtree.expiring,
    "failed": lambda u: u.subtree.failed,
    "untrained": lambda u: u.subtree.untrained,
}


@dataclass
class TableFilters:
    level: str | None
    levels: list[str]
    status: str
    q: str
    sort: str
    direction: str


def filters_from(args, readiness: Readiness, unit_id: int) -> TableFilters:
    """Read the table's query parameters; unknown values fall back to the defaults."""
    node = readiness.units[unit_id]
    present = {u.level for u in readiness.units.values() if u.unit_id != unit_id}
    levels = [lv.value for lv in UnitLevel if lv.value in present and lv.depth > _depth(node)]
    children = readiness.children(unit_id)
    default = children[0].level if children else (levels[0] if levels else None)
    level = args.get("level", "")
    status = args.get("status", "")
    sort = args.get("sort", "name")
    direction = args.get("dir", "asc")
    return TableFilters(
        level=level if level in levels else default,
        levels=levels,
        status=status if status in STATUS_RANK else "",
        q=args.get("q", "").strip()[:100],
        sort=sort if sort in SORTS else "name",
        direction=direction if direction in ("asc", "desc") else "asc",
    )


def _depth(node: UnitReadiness) -> int:
    try:
        return UnitLevel(node.level).depth
    except ValueError:
        return -1


def table_rows(readiness: Readiness, unit_id: int, filters: TableFilters) -> list[UnitReadiness]:
    rows = [
        u for u in readiness.units.values() if u.unit_id != unit_id and u.level == filters.level
    ]
    if filters.status:
        rows = [u for u in rows if u.status == filters.status]
    if filters.q:
        needle = filters.q.casefold()
        rows = [u for u in rows if needle in u.name.casefold() or needle in u.code.casefold()]
    key = SORTS[filters.sort]
    rows.sort(key=lambda u: u.path)
    known = sorted(
        (u for u in rows if key(u) is not None),
        key=key,
        reverse=filters.direction == "desc",
    )
    return known + [u for u in rows if key(u) is None]


def table_page(rows: list, page: int, per_page: int) -> RowPage:
    return RowPage(
        page=page,
        per_page=per_page,
        error_out=False,
        fetch=lambda limit, offset: rows[offset : offset + limit],
        counter=lambda: len(rows),
    )


#: Badge colour of each status (the ``status_badge`` macro's).
BADGES = {"siap": "text-bg-success", "sebagian": "text-bg-warning", "belum_siap": "text-bg-danger"}


@dataclass(frozen=True)
class RowText:
    """One row of the table as the page writes it: each figure formatted once, in Python,
    rather than through a macro or a filter per cell."""

    unit: UnitReadiness
    badge: str
    status_label: str
    targets: str
    certified_pct: str
    commanders: str
    accounts: str
    average_level: str
    attendance_pct: str
    expiring: str
    failed: str
    untrained: str
    answered_pct: str
    p90: str


def row_texts(units: list[UnitReadiness], fmt: Formats) -> list[RowText]:
    """The rows of ``units`` written with ``fmt`` (the request's language)."""
    labels = {str(status): str(label) for status, label in STATUS_LABELS.items()}
    count, percent = fmt.count, fmt.percent
    return [
        RowText(
            unit=u,
            badge=BADGES[u.status],
            status_label=labels[u.status],
            targets=count(s.targets),
            certified_pct=percent(s.certified_pct),
            commanders=f"{count(s.commanders_certified)} / {count(s.commanders)}",
            accounts=f"{count(s.accounts_verified)} / {count(s.accounts)}",
            average_level=fmt.decimal(s.average_level),
            attendance_pct=percent(s.attendance_pct),
            expiring=count(s.expiring),
            failed=count(s.failed),
            untrained=count(s.untrained),
            answered_pct=percent(r.answered_pct) if r else "—",
            p90=str(r.p90_minutes) if r and r.p90_minutes is not None else "—",
        )
        for u in units
        for s, r in [(u.subtree, u.response)]
    ]
