"""Read-only queries of the response pages: figures per unit subtree, account, child unit
and period, the targets of a programme, and the breach list (open mentions past target)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, case, false, func, literal, or_, select
from sqlalchemy.orm import contains_eager

from training.accounts.models import SocialAccount
from training.core.paths import in_subtree, path_id_at, path_ids
from training.extensions import db
from training.policy.scope import Scope, unit_clause
from training.responses.measures import Figures, percentile
from training.responses.models import Mention, MentionDay, MentionStatus, MentionTime
from training.responses.samples import joined_times, times
from training.units.models import Unit


def _rows(table, key, group, first: date, last: date, where) -> tuple[list, Select]:
    """A statement over ``table``'s rows in days ``first``..``last`` of the accounts of the
    units satisfying ``where``, walking the units, their accounts, then each account's days
    (one covering index range per account); ``key(table)`` is the selected key (None: one
    group), grouped by ``group`` (default the key)."""
    keys = [] if key is None else [key(table).label("key")]
    stmt = (
        select(*keys)
        .select_from(Unit)
        .join(SocialAccount, SocialAccount.unit_id == Unit.id)
        .join(
            table,
            and_(table.account_id == SocialAccount.id, table.day >= first, table.day <= last),
        )
        .where(*where)
    )
    if keys:
        stmt = stmt.group_by(group if group is not None else keys[0])
    return keys, stmt


def _figures(key, first: date, last: date, targets: dict, *where, group=None, into=None) -> dict:
    """Figures per ``key`` (``into`` maps a key to the figures' key, several keys may share
    one) over the daily aggregates: counts from ``MentionDay``; within target, and every
    answered mention's time as joined text (training.responses.samples) from the
    ``MentionTime`` histogram, whose percentiles are taken here (nearest rank over the sorted
    times). Two statements, each answering one row per group."""
    into = into or (lambda value: value)
    found: dict = {}
    keys, counts = _rows(MentionDay, key, group, first, last, where)
    counts = counts.add_columns(func.sum(MentionDay.mentions), func.sum(MentionDay.answered))
    for *value, mentions, answered in db.session.execute(counts):
        if mentions is None:  # no group: no mention in the days
            continue
        figures = found.setdefault(into(value[0]) if value else None, Figures())
        figures.mentions += int(mentions)
        figures.answered += int(answered)
    within = [
        and_(MentionTime.category == category, MentionTime.seconds <= minutes * 60)
        for category, minutes in targets.items()
    ]
    keys, stmt = _rows(MentionTime, key, group, first, last, where)
    stmt = stmt.add_columns(
        func.sum(case((or_(*within) if within else false(), MentionTime.count), else_=0)),
        *joined_times(),
    )
    durations: dict = defaultdict(list)
    for *value, inside, seconds, repeated in db.session.execute(stmt):
        if seconds is None:  # no group: no answered mention in the days
            continue
        name = into(value[0]) if value else None
        found.setdefault(name, Figures()).within += int(inside)
        durations[name] += times(seconds, repeated)
    for name, values in durations.items():
        values.sort()
        figures = found[name]
        figures.median_seconds = percentile(values, 1, 2)
        figures.p90_seconds = percentile(values, 9, 10)
    return found


def subtree_figures(unit: Unit, first: date, last: date, targets: dict) -> Figures:
    """Figures of every account of ``unit`` and the units below it, days ``first``..``last``."""
    found = _figures(None, first, last, targets, in_subtree(unit.path, Unit.path))
    return found.get(None) or Figures()


def account_figures(account_id: int, first: date, last: date, targets: dict) -> Figures:
    found = _figures(None, first, last, targets, SocialAccount.id == account_id)
    return found.get(None) or Figures()


def by_account(unit: Unit, first: date, last: date, targets: dict) -> dict[int, Figures]:
    """Figures per account of ``unit`` itself (not of the units below)."""
    return _figures(
        lambda _table: SocialAccount.id, first, last, targets, SocialAccount.unit_id == unit.id
    )


def by_child(unit: Unit, first: date, last: date, targets: dict) -> dict[int, Figures]:
    """Figures per child unit of ``unit``, each over the child's whole subtree: grouped per
    unit below in the database (no sort: the units are walked in order), summed per child
    here (the child's id is on the unit's path)."""
    depth = len(path_ids(unit.path))
    return _figures(
        lambda _table: Unit.path,
        first,
        last,
        targets,
        in_subtree(unit.path, Unit.path),
        Unit.id != unit.id,
        group=Unit.id,
        into=lambda path: path_id_at(path, depth),
    )


def series(unit: Unit, first: date, last: date, targets: dict, step: int = 7) -> list:
    """(period start, Figures) for each period of ``step`` days from ``first`` to ``last``."""
    starts = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, step)]

    def period(table):
        whens = [(table.day < start, index) for index, start in enumerate(starts[1:])]
        return case(*whens, else_=len(starts) - 1) if whens else literal(0)

    found = _figures(period, first, last, targets, in_subtree(unit.path, Unit.path))
    return [(start, found.get(i) or Figures()) for i, start in enumerate(starts)]


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


def crowded_units(now: datetime, targets: dict, more_than: int) -> dict[int, int]:
    """unit id -> open mentions past target on the unit's own accounts (not those of the
    units below), for the units holding more than ``more_than`` of them. One statement."""
    stmt = (
        select(SocialAccount.unit_id, func.count())
        .select_from(Mention)
        .join(SocialAccount, SocialAccount.id == Mention.account_id)
        .where(_past_target(now, targets))
        .group_by(SocialAccount.unit_id)
        .having(func.count() > more_than)
    )
    return dict(db.session.execute(stmt).all())


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
