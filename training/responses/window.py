"""The daily aggregates of one category over a window of days, per unit: what the readiness
roll-up reads to judge each unit's response (one statement whatever the number of units)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select

from training.accounts.models import SocialAccount
from training.extensions import db
from training.responses.models import MentionDay
from training.units.models import Unit


def unit_day_rows(where, first: date, last: date, category: str) -> Iterator[tuple]:
    """``(unit id, mentions, answered, durations)`` of every aggregate row of ``category``
    on days ``first``..``last`` (local days of each account's unit) of the accounts of the
    units matching ``where`` (a condition on Unit); a unit has one row per account and day."""
    stmt = (
        select(
            SocialAccount.unit_id, MentionDay.mentions, MentionDay.answered, MentionDay.durations
        )
        .join(SocialAccount, SocialAccount.id == MentionDay.account_id)
        .join(Unit, Unit.id == SocialAccount.unit_id)
        .where(
            where,
            MentionDay.category == category,
            MentionDay.day >= first,
            MentionDay.day <= last,
        )
    )
    yield from db.session.connection().execute(stmt)
