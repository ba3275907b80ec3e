"""Materialized paths of a tree ("/1/7/42/": the ids from the root down, each followed by "/").

The unit tree stores one (``training.units.models.Unit.path``); the rules of access
(``training.policy``), which sit below the units package, read it through these helpers too.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, String, and_, func


def path_ids(path: str) -> list[int]:
    """The unit ids on a path, the root first: "/1/7/12/" -> [1, 7, 12]."""
    return [int(part) for part in path.strip("/").split("/") if part]


def path_id_at(path: str, depth: int) -> int:
    """The id at ``depth`` on a path (0: the root), split only that far:
    ("/1/7/12/", 1) -> 7."""
    return int(path.split("/", depth + 2)[depth + 1])


def subtree_end(prefix):
    """The exclusive end of the subtree range of ``prefix`` (a path ending in "/", or a
    path column): "/1/7/" -> "/1/70"."""
    if isinstance(prefix, str):
        return prefix[:-1] + "0"
    return func.substr(prefix, 1, func.length(prefix) - 1, type_=String).concat("0")


def in_subtree(prefix, column) -> ColumnElement[bool]:
    """SQL condition: the path ``column`` starts with ``prefix`` (a path ending in "/", or a
    path column such as an aliased unit's).

    Written as a range, which both databases answer from the path index (a LIKE is not):
    "/" sorts just before "0", so every path below "/1/7/" lies in ["/1/7/", "/1/70").
    """
    return and_(column >= prefix, column < subtree_end(prefix))
