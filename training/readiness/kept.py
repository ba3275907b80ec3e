"""Readiness served from what is already known: the national roll-up of a programme on a day,
kept in the database (table readiness_cache) tagged with the data version it was computed
from (training.readiness.version), and any viewer's subtree cut from it.

A read costs one statement (the version) when this process already holds that version's
roll-up, two when another process stored it, and a recomputation (then stored for every
process) only on the first read after a change. The result is always what
``rollup.compute`` gives for the same data (tests/test_readiness_kept.py):
- a payload is used only when its version equals the committed version read *before* it;
  a recomputation reads the version first, so its tag never claims more than it saw;
- a transaction that wrote a watched table and has not committed recomputes (its own
  changes are not in any stored payload) and stores nothing;
- concurrent recomputations of one version store the same figures; an older version never
  replaces a newer one.
Only days around today are stored (dashboards and the API ask for the viewer's local day);
other days are recomputed.
"""

from __future__ import annotations

import bisect
import json
import logging
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from training.core.gcpause import collector_paused
from training.core.paths import subtree_end
from training.core.timefmt import local_day
from training.extensions import db
from training.policy.scope import Scope, can_see_unit
from training.programs.models import Program
from training.readiness import version
from training.readiness.figures import COUNTERS, Figures, UnitReadiness
from training.readiness.models import ReadinessCache, ReadinessThresholds
from training.readiness.outcome import Response
from training.readiness.rollup import Readiness, _compute, compute, thresholds_for
from training.units.models import Unit

log = logging.getLogger(__name__)

#: Bump when the payload's layout or the roll-up's rules change (old rows are then ignored).
FORMAT = 3
#: Days kept in the table: today (UTC) and its neighbours (every Indonesian zone's today).
KEPT_DAYS = 1
MEMO_SIZE = 8


@dataclass(frozen=True)
class Tree:
    """A national roll-up: every unit (path order), paths sorted for cutting subtrees."""

    units: dict[int, UnitReadiness]
    paths: list[str]
    ids: list[int]
    #: Units without a parent (the national root).
    root_ids: list[int]


#: (database token, programme id, day) -> (version, Tree): this process's memo.
_memo: dict[tuple[str, int, date], tuple[int, Tree]] = {}


def readiness(
    program: Program,
    scope: Scope,
    *,
    root: Unit | None = None,
    on: date | None = None,
    rules: ReadinessThresholds | None = None,
) -> Readiness:
    """``rollup.compute``'s result, cut from the kept national roll-up when it can be.

    The returned units are shared with other requests: read them, never change them.
    """
    on = on or local_day()
    if rules is not None or (root is not None and not can_see_unit(scope, root)):
        return compute(program, scope, root=root, on=on, rules=rules)
    tree = national(program, on)
    if tree is None:
        return compute(program, scope, root=root, on=on)
    units, root_ids = cut(tree, scope, root)
    if root is not None and root.id not in units:  # moved since this request loaded it
        return compute(program, scope, root=root, on=on)
    return Readiness(
        program=program, rules=thresholds_for(program), on=on, units=units, root_ids=root_ids
    )


def national(program: Program, on: date) -> Tree | None:
    """The national roll-up at the committed version (None: recompute instead)."""
    conn = db.session.connection()
    if version.uncommitted_change(conn) or abs((on - datetime.now(UTC).date()).days) > KEPT_DAYS:
        return None
    current = version.current(conn)
    if current is None:
        return None
    key = (current.token, program.id, on)
    held = _memo.get(key)
    if held is not None and held[0] == current.n:
        return held[1]
    tree = _load(conn, program.id, on, current.n)
    if tree is None:
        tree = _recompute(program, on)
        if not version.uncommitted_write(conn):
            _store(program.id, on, current.n, tree)
    _remember(key, current.n, tree)
    return tree


def cut(tree: Tree, scope: Scope, root: Unit | None) -> tuple[dict[int, UnitReadiness], list[int]]:
    """The units below ``root`` (else in ``scope``), path order, and the top ones: each
    subtree is one slice of the sorted paths (the same range as ``in_subtree``)."""
    if root is None and scope.everything:
        return tree.units, tree.root_ids
    prefixes = [root.path] if root is not None else sorted(scope.unit_paths)
    ranges = [
        (bisect.bisect_left(tree.paths, p), bisect.bisect_left(tree.paths, subtree_end(p)))
        for p in prefixes
    ]
    if ranges == [(0, len(tree.ids))]:
        units = tree.units
    elif len(ranges) == 1:
        (i, j), ids = ranges[0], tree.ids
        units = {uid: tree.units[uid] for uid in ids[i:j]}
    else:
        picked = sorted({k for i, j in ranges for k in range(i, j)})
        units = {tree.ids[k]: tree.units[tree.ids[k]] for k in picked}
    if root is not None:
        return units, [root.id]
    return units, [uid for uid, node in units.items() if node.parent_id not in units]


def _recompute(program: Program, on: date) -> Tree:
    with collector_paused():
        result = _compute(program, Scope(everything=True), None, on, thresholds_for(program))
    return _tree(result.units)


def _tree(units: dict[int, UnitReadiness]) -> Tree:
    ordered = sorted(units.values(), key=lambda node: node.path)
    return _indexed({node.unit_id: node for node in ordered})


def _indexed(units: dict[int, UnitReadiness]) -> Tree:
    """A Tree of ``units`` (path order)."""
    return Tree(
        units=units,
        paths=[node.path for node in units.values()],
        ids=list(units),
        root_ids=[uid for uid, node in units.items() if node.parent_id not in units],
    )


def _remember(key, n: int, tree: Tree) -> None:
    if key not in _memo and len(_memo) >= MEMO_SIZE:
        _memo.pop(next(iter(_memo)))
    _memo[key] = (n, tree)


def forget() -> None:
    """Empty this process's memo (tests: as if another process were asking)."""
    _memo.clear()


# --- the stored payload ------------------------------------------------------------------


def encode(tree: Tree) -> bytes:
    rows = [
        [
            node.unit_id,
            node.parent_id,
            node.code,
            node.name,
            node.level,
            node.path,
            _figures(node.own),
            _figures(node.subtree),
            node.commander_certified,
            str(node.status),
            node.unmet,
            node.response.as_list() if node.response is not None else None,
            node.refresher,
            node.own_response.as_list() if node.own_response is not None else None,
        ]
        for node in tree.units.values()
    ]
    text = json.dumps({"format": FORMAT, "units": rows}, separators=(",", ":"))
    return zlib.compress(text.encode(), 1)


def decode(payload: bytes) -> Tree | None:
    data = json.loads(zlib.decompress(payload))
    if data.get("format") != FORMAT:
        return None
    units: dict[int, UnitReadiness] = {}
    with collector_paused():
        for row in data["units"]:
            uid, pid, code, name, level, path, own, sub, commander, status, unmet = row[:11]
            node = UnitReadiness(
                uid, pid, code, name, level, path,
                Figures(*own) if own else Figures(),
                Figures(*sub) if sub else Figures(),
                commander, status, unmet,
                response=Response(*row[11]) if row[11] else None,
                refresher=row[12],
                own_response=Response(*row[13]) if row[13] else None,
            )  # fmt: skip
            units[uid] = node
            parent = units.get(pid)
            if parent is not None:
                parent.child_ids.append(uid)
    return _indexed(units)


def _figures(figures: Figures) -> list | None:
    values = [getattr(figures, name) for name in COUNTERS]
    return values if any(values) else None


def _load(conn, program_id: int, on: date, n: int) -> Tree | None:
    payload = conn.execute(
        select(ReadinessCache.payload).where(
            ReadinessCache.program_id == program_id,
            ReadinessCache.day == on,
            ReadinessCache.version == n,
        )
    ).scalar()
    return decode(payload) if payload is not None else None


def _store(program_id: int, on: date, n: int, tree: Tree) -> None:
    """Upsert in a transaction of its own (a GET request never commits its session); an
    older version never replaces a newer one. A failure only costs a later recomputation."""
    table = ReadinessCache.__table__
    values = {
        "program_id": program_id,
        "day": on,
        "version": n,
        "payload": encode(tree),
        "computed_at": datetime.now(UTC),
    }
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.program_id, table.c.day],
        set_={k: stmt.excluded[k] for k in ("version", "payload", "computed_at")},
        where=table.c.version < stmt.excluded.version,
    )
    try:
        with db.engine.begin() as other:
            other.execute(stmt)
            other.execute(
                delete(table).where(table.c.day < datetime.now(UTC).date() - timedelta(days=2))
            )
    except SQLAlchemyError:
        log.warning("readiness roll-up not stored", exc_info=True)
