"""Read-only queries of the response pages: figures per unit subtree, account, child unit
and period, the targets of a programme, and the breach list (open mentions past target)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import contains_eager

from training.accounts.models import SocialAccount
from training.core.paths import in_subtree, path_ids
from training.extensions import db
from training.policy.scope import Scope, unit_clause
from training.responses.measures import Figures, combine
from training.responses.models import (
    Mention,
    MentionDay,
    MentionStatus,
)
from training.units.models import Unit


def _day_rows(first: date, last: date, *extra) -> Select:
    return (
        select(
            MentionDay.category,
            MentionDay.mentions,
            MentionDay.answered,
            MentionDay.durations,
            *extra,
        )
        .join(SocialAccount, SocialAccount.id == MentionDay.account_id)
        .join(Unit, Unit.id == SocialAccount.unit_id)
        .where(MentionDay.day >= first, MentionDay.day <= last)
    )


def subtree_figures(unit: Unit, first: date, last: date, targets: dict) -> Figures:
    """Figures of every account of ``unit`` and the units below it, days ``first``..``last``."""
    stmt = _day_rows(first, last).where(in_subtree(unit.path, Unit.path))
    return combine(db.session.execute(stmt), targets)


def account_figures(account_id: int, first: date, last: date, targets: dict) -> Figures:
    stmt = _day_rows(first, last).where(MentionDay.account_id == account_id)
    return combine(db.session.execute(stmt), targets)


def by_account(unit: Unit, first: date, last: date, targets: dict) -> dict[int, Figures]:
    """Figures per account of ``unit`` itself (not of the units below)."""
    stmt = _day_rows(first, last, MentionDay.account_id).where(SocialAccount.unit_id == unit.id)
    grouped = defaultdict(list)
    for *row, account_id in db.session.execute(stmt):
        grouped[account_id].append(row)
    return {key: combine(rows, targets) for key, rows in grouped.items()}


def by_child(unit: Unit, first: date, last: date, targets: dict) -> dict[int, Figures]:
    """Figures per child unit of ``unit``, each over the child's whole subtree."""
    depth = len(path_ids(unit.path))
    stmt = _day_rows(first, last, Unit.path).where(
        in_subtree(unit.path, Unit.path), Unit.id != unit.id
    )
    grouped = defaultdict(list)
    for *row, path in db.session.execute(stmt):
        grouped[path_ids(path)[depth]].append(row)
    return {key: combine(rows, targets) for key, rows in grouped.items()}


def series(unit: Unit, first: date, last: date, targets: dict, step: int = 7) -> list:
    """(period start, Figures) for each period of ``step`` days from ``first`` to ``last``."""
    stmt = _day_rows(first, last, MentionDay.day).where(in_subtree(unit.path, Unit.path))
    grouped = defaultdict(list)
    for *row, day in db.session.execute(stmt):
        grouped[(day - first).days // step].append(row)
    starts = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, step)]
    return [(s, combine(grouped.get(i, []), targets)) for i, s in enumerate(starts)]


# --- open mentions past their target ------------------------------------------------------


def _past_target(now: datetime, targets: dict):
    """SQL: an open mention (status terbuka, no first response: a forwarded one,
    diteruskan, is another unit's or 110's to answer) received longer ago than its
    category's target."""
    conditions = [
        and_(Mention.category == category, Mention.received_at < now - timedelta(minutes=minutes))
        for category, minutes in targets.items()
    ]
    return and_(
        Mention.status == MentionStatus.TERBUKA,
        Mention.first_response_at.is_(None),
        or_(*conditions) if conditions else false(),
    )


def breaches_query(
    scope: Scope, unit: Unit, now: datetime, targets: dict, category: str | None = None
) -> Select:
    """Open mentions past target in ``unit``'s subtree (inside ``scope``), oldest first, with
    their account and its unit loaded."""
    stmt = (
        select(Mention)
        .join(Mention.account)
        .join(SocialAccount.unit)
        .options(contains_eager(Mention.account).contains_eager(SocialAccount.unit))
        .where(in_subtree(unit.path, Unit.path), unit_clause(scope), _past_target(now, targets))
        .order_by(Mention.received_at, Mention.id)
    )
    if category:
        stmt = stmt.where(Mention.category == category)
    return stmt


def open_past_target(unit: Unit, now: datetime, targets: dict) -> int:
    stmt = (
        select(func.count())
        .select_from(Mention)
        .join(SocialAccount, SocialAccount.id == Mention.account_id)
        .join(Unit, Unit.id == SocialAccount.unit_id)
        .where(in_subtree(unit.path, Unit.path), _past_target(now, targets))
    )
    return db.session.scalar(stmt) or 0


def open_by_child(unit: Unit, now: datetime, targets: dict) -> dict[int, int]:
    """Open mentions past target per child unit of ``unit`` (each over its subtree)."""
    depth = len(path_ids(unit.path))
    stmt = (
        select(Unit.path, func.count())
        .select_from(Mention)
        .join(SocialAccount, SocialAccount.id == Mention.account_id)
        .join(Unit, Unit.id == SocialAccount.unit_id)
        .where(in_subtree(unit.path, Unit.path), Unit.id != unit.id, _past_target(now, targets))
        .group_by(Unit.path)
    )
    counts: dict[int, int] = defaultdict(int)
    for path, count in db.session.execute(stmt):
        counts[path_ids(path)[depth]] += count
    return dict(counts)


def minutes_late(mention: Mention, now: datetime, targets: dict) -> int:
    """How many minutes past its target an open mention is."""
    due = mention.received_at + timedelta(minutes=targets.get(mention.category, 0))
    return int((now - due).total_seconds() // 60)


@dataclass(frozen=True)
class Period:
    key: str
    first: date
    last: date


def recent_mentions(account_id: int, limit: int = 50) -> list[Mention]:
    stmt = (
        select(Mention)
        .where(Mention.account_id == account_id)
        .order_by(Mention.received_at.desc(), Mention.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
