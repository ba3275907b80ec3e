"""The daily aggregates of one category over a window of days, per unit: what the readiness
roll-up reads to judge each unit's response (two statements whatever the number of units,
each answering one row per unit: the units are walked, then their accounts, then each
account's days from one covering index range)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import and_, func, select

from training.accounts.models import SocialAccount
from training.extensions import db
from training.responses.models import MentionDay, MentionTime
from training.responses.samples import joined_times, times
from training.units.models import Unit


def _in_window(stmt, table, where, first: date, last: date, category: str):
    return (
        stmt.select_from(Unit)
        .join(SocialAccount, SocialAccount.unit_id == Unit.id)
        .join(
            table,
            and_(
                table.account_id == SocialAccount.id,
                table.category == category,
                table.day >= first,
                table.day <= last,
            ),
        )
        .where(where)
        .group_by(Unit.id)
    )


def unit_counts(where, first: date, last: date, category: str) -> Iterator[tuple]:
    """``(unit id, mentions, answered)`` of ``category`` on days ``first``..``last`` (local
    days of each account's unit), summed over the accounts of each unit matching ``where``
    (a condition on Unit)."""
    stmt = select(Unit.id, func.sum(MentionDay.mentions), func.sum(MentionDay.answered))
    stmt = _in_window(stmt, MentionDay, where, first, last, category)
    yield from db.session.connection().execute(stmt)


def unit_times(where, first: date, last: date, category: str) -> Iterator[tuple[int, list]]:
    """``(unit id, times)``: the answered mentions' times to first response (seconds, each
    as many times as counted, unsorted) per unit, over the same window and units as
    :func:`unit_counts`."""
    stmt = _in_window(select(Unit.id, *joined_times()), MentionTime, where, first, last, category)
    for unit_id, seconds, repeated in db.session.connection().execute(stmt):
        yield unit_id, times(seconds, repeated)


def unit_day_counts(where, first: date, last: date, category: str) -> Iterator[tuple]:
    """``(unit id, day, mentions, answered)``: :func:`unit_counts` per day of the window
    (each day's sums over the unit's accounts), to slide a window over a range of days."""
    stmt = select(Unit.id, MentionDay.day, func.sum(MentionDay.mentions))
    stmt = stmt.add_columns(func.sum(MentionDay.answered))
    stmt = _in_window(stmt, MentionDay, where, first, last, category).group_by(MentionDay.day)
    yield from db.session.connection().execute(stmt)


def unit_day_times(where, first: date, last: date, category: str) -> Iterator[tuple]:
    """``(unit id, day, times)``: :func:`unit_times` per day of the window."""
    stmt = select(Unit.id, MentionTime.day, *joined_times())
    stmt = _in_window(stmt, MentionTime, where, first, last, category).group_by(MentionTime.day)
    for unit_id, day, seconds, repeated in db.session.connection().execute(stmt):
        yield unit_id, day, times(seconds, repeated)
