"""Read-only queries of the response pages: figures per unit subtree, account, child unit
and period, the targets of a programme, and the breach list (open mentions past target)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, String, and_, case, false, func, literal, or_, select
from sqlalchemy.orm import contains_eager

from training.accounts.models import SocialAccount
from training.core.paths import in_subtree, path_ids
from training.extensions import db
from training.policy.scope import Scope, unit_clause
from training.responses.measures import Figures
from training.responses.models import Mention, MentionDay, MentionStatus, MentionTime
from training.units.models import Unit


def _rows(table, key, first: date, last: date, where) -> tuple[list, Select]:
    """The (key, aggregate row columns) of ``table``'s rows in days ``first``..``last`` whose
    account's unit satisfies ``where``; ``key(table)`` groups them (None: one group)."""
    keys = [] if key is None else [key(table).label("key")]
    stmt = (
        select(*keys)
        .join_from(table, SocialAccount, SocialAccount.id == table.account_id)
        .join(Unit, Unit.id == SocialAccount.unit_id)
        .where(table.day >= first, table.day <= last, *where)
    )
    return keys, stmt


def _figures(key, first: date, last: date, targets: dict, *where) -> dict:
    """Figures per ``key`` over the daily aggregates: counts from ``MentionDay``; within
    target, median and p90 (nearest rank: the smallest time whose running count reaches
    p x n) from the ``MentionTime`` histogram, in the database (two statements)."""
    keys, counts = _rows(MentionDay, key, first, last, where)
    counts = counts.add_columns(func.sum(MentionDay.mentions), func.sum(MentionDay.answered))
    found = {}
    for *group, mentions, answered in db.session.execute(counts.group_by(*keys)):
        found[group[0] if group else None] = Figures(int(mentions or 0), int(answered or 0))
    keys, times = _rows(MentionTime, key, first, last, where)
    rows = times.add_columns(
        MentionTime.category, MentionTime.seconds, MentionTime.count.label("n")
    ).subquery()
    part = [rows.c.key] if keys else []
    # the running count includes the rows of equal time (the window's default range frame)
    ranked = select(
        *part,
        rows.c.category,
        rows.c.seconds,
        rows.c.n,
        func.sum(rows.c.n)
        .over(partition_by=part or None, order_by=rows.c.seconds)
        .label("running"),
        func.sum(rows.c.n).over(partition_by=part or None).label("total"),
    ).subquery()
    within = [
        and_(ranked.c.category == category, ranked.c.seconds <= minutes * 60)
        for category, minutes in targets.items()
    ]
    final = select(
        *([ranked.c.key] if keys else []),
        func.sum(case((or_(*within) if within else false(), ranked.c.n), else_=0)),
        func.min(case((2 * ranked.c.running >= ranked.c.total, ranked.c.seconds))),
        func.min(case((10 * ranked.c.running >= 9 * ranked.c.total, ranked.c.seconds))),
    )
    if keys:
        final = final.group_by(ranked.c.key)
    for *group, inside, median, p90 in db.session.execute(final):
        if inside is None:  # no group: no answered mention in the days
            continue
        figures = found.setdefault(group[0] if group else None, Figures())
        figures.within, figures.median_seconds, figures.p90_seconds = int(inside), median, p90
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
        lambda table: table.account_id, first, last, targets, SocialAccount.unit_id == unit.id
    )


def _child_path(prefix: str):
    """SQL: the path of the child of the unit at ``prefix`` whose subtree holds Unit.path."""
    rest = func.substr(Unit.path, len(prefix) + 1)
    if db.session.get_bind().dialect.name == "postgresql":
        end = func.strpos(rest, "/")
    else:
        end = func.instr(rest, "/")
    return func.substr(Unit.path, 1, len(prefix) + end, type_=String)


def by_child(unit: Unit, first: date, last: date, targets: dict) -> dict[int, Figures]:
    """Figures per child unit of ``unit``, each over the child's whole subtree."""
    child = _child_path(unit.path)
    found = _figures(
        lambda _table: child,
        first,
        last,
        targets,
        in_subtree(unit.path, Unit.path),
        Unit.id != unit.id,
    )
    return {path_ids(path)[-1]: figures for path, figures in found.items()}


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
