"""SQL statements built once and run again: a bounded per-process memo.

Building a SQLAlchemy statement of some size (aliases, subqueries, comparisons of ORM
attributes) costs more CPU than running it on a warm database, and a page asks for the same
few statements request after request. ``kept(key, build)`` returns the statement built by
``build()`` for ``key``, building it on first use. The caller's ``key`` must hold everything
``build`` reads (ids, paths, dates, row values such as a course's target positions), so that
a kept statement is always the one ``build()`` would give; values that change with every
request (the time) are bound at execution instead (``bindparam``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar

T = TypeVar("T")

#: Entries kept per process, the least recently used dropped first. An entry (a statement or
#: a page's few, with their memoised column collections) takes some 100-500 KB: 64 of them
#: bound the memo to a few tens of MB per worker.
MAX_ENTRIES = 64

_kept: OrderedDict[Hashable, object] = OrderedDict()
_lock = Lock()


def kept(key: Hashable, build: Callable[[], T]) -> T:
    """The statement for ``key``: built by ``build()`` the first time, then the same one."""
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    found = build()
    with _lock:
        _kept[key] = found
        while len(_kept) > MAX_ENTRIES:
            _kept.popitem(last=False)
    return found
