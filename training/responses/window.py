"""The daily aggregates of one category over a window of days, per unit: what the readiness
roll-up reads to judge each unit's response (two statements whatever the number of units)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import func, select

from training.accounts.models import SocialAccount
from training.extensions import db
from training.responses.models import MentionDay, MentionTime
from training.units.models import Unit


def _in_window(stmt, table, where, first: date, last: date, category: str):
    return (
        stmt.join(SocialAccount, SocialAccount.id == table.account_id)
        .join(Unit, Unit.id == SocialAccount.unit_id)
        .where(where, table.category == category, table.day >= first, table.day <= last)
        .group_by(SocialAccount.unit_id)
    )


def unit_counts(where, first: date, last: date, category: str) -> Iterator[tuple]:
    """``(unit id, mentions, answered)`` of ``category`` on days ``first``..``last`` (local
    days of each account's unit), summed over the accounts of each unit matching ``where``
    (a condition on Unit)."""
    stmt = select(
        SocialAccount.unit_id, func.sum(MentionDay.mentions), func.sum(MentionDay.answered)
    )
    stmt = _in_window(stmt, MentionDay, where, first, last, category)
    yield from db.session.connection().execute(stmt)


def unit_times(where, first: date, last: date, category: str) -> Iterator[tuple]:
    """``(unit id, seconds, how many)``: the exact histogram of the answered mentions' times
    to first response, per unit, over the same window and units as :func:`unit_counts`."""
    stmt = select(SocialAccount.unit_id, MentionTime.seconds, func.sum(MentionTime.count))
    stmt = _in_window(stmt, MentionTime, where, first, last, category)
    stmt = stmt.group_by(MentionTime.seconds)
    yield from db.session.connection().execute(stmt)
