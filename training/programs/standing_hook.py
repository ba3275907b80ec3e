"""How the records tell course standing that some people's marks changed.

Course standing (``training.standing``, layer 5) reads attendance and assessments (layer 4),
which must not import it back. They call ``people_changed`` in the same transaction; the
standing package names its refresher at app start (``training.standing.init_app``).
"""

from __future__ import annotations

from collections.abc import Callable

_refreshers: list[Callable] = []


def on_people_changed(refresh: Callable) -> None:
    """Called at app start: ``refresh(course, person_ids, actor=..., now=...)``."""
    _refreshers[:] = [refresh]


def people_changed(course, person_ids, *, actor, now) -> None:
    """Recompute the standing of ``person_ids`` in ``course`` (callers commit)."""
    if not _refreshers:
        raise RuntimeError("no standing refresher: call training.standing.init_app first")
    _refreshers[0](course, sorted(set(person_ids)), actor=actor, now=now)
