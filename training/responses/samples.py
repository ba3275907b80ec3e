"""The answered mentions' times to first response, read from the ``MentionTime`` histogram
as one text per group (every time joined with ","), so a roll-up over many units reads a
row per unit instead of a row per answered mention, the database sorts nothing and Python
makes one list of ints per group (``str.split`` and ``int`` run in C). Percentiles are then
taken exactly over the sorted list (``training.responses.measures.percentile``)."""

from __future__ import annotations

from sqlalchemy import String, case, cast, func

from training.extensions import db
from training.responses.models import MentionTime


def _joined(value):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.string_agg(cast(value, String), ",")
    return func.group_concat(value)


def joined_times() -> tuple:
    """Two SQL aggregates of a group of ``MentionTime`` rows: every row's seconds once, and
    "seconds x count" of the rows counted more than once (NULL when there is none); the
    two are read independently, so the order in which the database joins them is free."""
    repeated = case(
        (
            MentionTime.count > 1,
            cast(MentionTime.seconds, String).concat("x").concat(cast(MentionTime.count, String)),
        )
    )
    return _joined(MentionTime.seconds), _joined(repeated)


def times(seconds: str | None, repeated: str | None) -> list[int]:
    """The times (seconds, unsorted) of one group from the two texts of :func:`joined_times`:
    each time as many times as it was counted."""
    if not seconds:
        return []
    found = list(map(int, seconds.split(",")))
    if repeated:
        for item in repeated.split(","):
            value, count = item.split("x")
            found += [int(value)] * (int(count) - 1)
    return found
