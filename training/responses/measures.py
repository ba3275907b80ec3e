"""Response measures: the daily aggregates kept per account, local day and category, and the
figures (count, share answered, median and p90 time to first response, share within target)
over any set of accounts and days.

A mention belongs to the local day (in its account's unit's zone) on which it was received;
its response time is the plain difference of the two instants, whatever the days: received
at 23:50 WITA and answered at 00:20 is 30 minutes. Each day keeps its mention counts
(``MentionDay``) and how many answered mentions took each exact number of seconds
(``MentionTime``), so the median, the 90th percentile (nearest rank: the value at position
ceil(p x n) of the sorted times) and the count within any target are exact over any union
of days, and a target changed later needs no recomputation. Shares are of all the mentions
received: answered (a first response is recorded) and answered within the target (an
unanswered mention is never within it).

New mentions are added to the aggregates of their days (``add_mentions``: counts and
histogram entries added with upserts, no raw row read again); a changed mention rebuilds its
old and new days from the raw rows (``recompute``), as does a unit moving to another zone.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Column, MetaData, Table, bindparam, delete, func, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY

from training.accounts.models import SocialAccount
from training.core.bulkwrite import insert_rows
from training.core.tabular import batches
from training.core.timefmt import local_day, to_utc
from training.extensions import db
from training.responses.models import Mention, MentionDay, MentionTime
from training.units.models import Unit


def percentile(values: list[int], share_num: int, share_den: int) -> int | None:
    """Nearest-rank percentile of sorted ``values``: the value at ceil(p x n) (1-based)."""
    if not values:
        return None
    rank = -(-share_num * len(values) // share_den)
    return values[max(rank, 1) - 1]


@dataclass
class Figures:
    """Response figures over a set of (account, day, category) aggregates."""

    mentions: int = 0
    answered: int = 0
    within: int = 0
    median_seconds: int | None = None
    p90_seconds: int | None = None

    @property
    def answered_pct(self) -> float | None:
        return 100 * self.answered / self.mentions if self.mentions else None

    @property
    def within_pct(self) -> float | None:
        return 100 * self.within / self.mentions if self.mentions else None


def combine(rows: Iterable, targets: dict[str, int]) -> Figures:
    """Figures of aggregate rows (``category, mentions, answered, durations``: the sorted
    response seconds of the answered ones) held in memory; a mention is within target when
    answered at most ``targets[category]`` minutes after receipt."""
    figures, durations = Figures(), []
    for category, mentions, answered, seconds in rows:
        figures.mentions += mentions
        figures.answered += answered
        limit = targets.get(category)
        if limit is not None:
            figures.within += bisect_right(seconds, limit * 60)
        durations.extend(seconds)
    durations.sort()  # sorted runs: Timsort merges them in linear time
    figures.median_seconds = percentile(durations, 1, 2)
    figures.p90_seconds = percentile(durations, 9, 10)
    return figures


# --- keeping the aggregates --------------------------------------------------------------


def _zones(account_ids: Iterable[int]) -> dict[int, str]:
    zones = {}
    for chunk in batches(sorted(set(account_ids))):
        stmt = (
            select(SocialAccount.id, Unit.timezone)
            .join(Unit, Unit.id == SocialAccount.unit_id)
            .where(SocialAccount.id.in_(chunk))
        )
        zones.update(tuple(row) for row in db.session.execute(stmt))
    return zones


def _count(buckets: dict, account_id: int, day: date, category: str, received, responded):
    row = buckets.get((account_id, day, category))
    if row is None:
        row = buckets[(account_id, day, category)] = {
            "account_id": account_id, "day": day, "category": category, "mentions": 0,
            "answered": 0, "times": defaultdict(int),
        }  # fmt: skip
    row["mentions"] += 1
    if responded is not None:
        row["answered"] += 1
        row["times"][int((responded - received).total_seconds())] += 1


def day_rows(account_id: int, mentions, tz: str, days: set[date] | None = None) -> list[dict]:
    """Aggregate rows of one account from its mentions' ``(received_at, category,
    first_response_at)``, by local day in ``tz`` (only ``days`` when given): the
    ``MentionDay`` rows, each with ``times``, its ``MentionTime`` rows."""
    buckets: dict[tuple[int, date, str], dict] = {}
    zone = ZoneInfo(tz)
    for received, category, responded in mentions:
        day = received.astimezone(zone).date()
        if days is None or day in days:
            _count(buckets, account_id, day, category, received, responded)
    return list(buckets.values())


def _day_values(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "times"} for r in rows]


def _time_values(rows: list[dict]) -> list[dict]:
    return [
        {"account_id": r["account_id"], "day": r["day"], "category": r["category"],
         "seconds": seconds, "count": count}
        for r in rows
        for seconds, count in sorted(r["times"].items())
    ]  # fmt: skip


def write_rows(rows: list[dict]) -> None:
    """Insert aggregate rows made by ``day_rows`` (the caller commits)."""
    insert_rows(MentionDay.__table__, _day_values(rows))
    insert_rows(MentionTime.__table__, _time_values(rows))


Mentioned = tuple[int, str, datetime, str, datetime | None]


def add_mentions(mentions: Iterable[Mentioned], skip: set[tuple[int, date]]) -> None:
    """Add newly inserted mentions ``(account id, zone, received_at, category,
    first_response_at)`` to the aggregates of their days: each (account, day, category)
    adds its counts and each response time its histogram count, with upserts, in a few
    statements whatever the number of rows. The (account, day) pairs in ``skip`` are left
    alone: ``recompute`` rebuilds them from the raw rows. The caller commits."""
    buckets: dict[tuple[int, date, str], dict] = {}
    zones: dict[str, ZoneInfo] = {}
    for account_id, tz, received, category, responded in mentions:
        zone = zones.get(tz) or zones.setdefault(tz, ZoneInfo(tz))
        day = received.astimezone(zone).date()
        if (account_id, day) not in skip:
            _count(buckets, account_id, day, category, received, responded)
    rows = [buckets[key] for key in sorted(buckets)]  # in key order: the indexes' order
    _add(MentionDay.__table__, _day_values(rows), ("mentions", "answered"))
    _add(MentionTime.__table__, _time_values(rows), ("count",))


#: From this many rows on, PostgreSQL adds them through a COPY into a temporary table.
COPY_FROM = 1000


def _add(table: Table, rows: list[dict], added: Sequence[str]) -> None:
    """Insert ``rows`` into ``table``; where the key exists, add the ``added`` columns."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        _add_postgresql(connection, table, rows, added)
    else:
        connection.execute(_adding(sqlite.insert(table), table, added), rows)


def _adding(stmt, table: Table, added: Sequence[str]):
    keys = [c.name for c in table.primary_key]
    return stmt.on_conflict_do_update(
        index_elements=keys, set_={c: table.c[c] + stmt.excluded[c] for c in added}
    )


def _add_postgresql(connection, table: Table, rows: list[dict], added: Sequence[str]) -> None:
    """An executemany upsert is one statement per row: many rows are copied into a
    temporary table first and upserted from it in one statement."""
    if len(rows) < COPY_FROM or connection.dialect.driver != "psycopg":
        connection.execute(_adding(postgresql.insert(table), table, added), rows)
        return
    columns = (Column(c.name, c.type) for c in table.c)
    temporary = Table(f"new_{table.name}", MetaData(), *columns, prefixes=["TEMPORARY"])
    temporary.create(connection)
    insert_rows(temporary, rows)
    names = list(rows[0])
    stmt = postgresql.insert(table).from_select(names, select(*(temporary.c[n] for n in names)))
    connection.execute(_adding(stmt, table, added))
    temporary.drop(connection)


def pairs_table(pairs: list[tuple], first, second):
    """``pairs`` as a table to join or to match with IN, with the names and types of the
    columns ``first`` and ``second``, passed as one parameter so that the statement is
    compiled once whatever the number of pairs: two arrays unnested on PostgreSQL, a JSON
    list read by ``json_each`` on SQLite (which searches an index for each pair joined,
    but scans the whole table for a row-value IN list)."""
    if db.session.get_bind().dialect.name == "postgresql":
        arrays = [
            bindparam(None, [pair[i] for pair in pairs], type_=ARRAY(column.type))
            for i, column in enumerate((first, second))
        ]
        unnested = func.unnest(*arrays).table_valued(first.key, second.key, name="wanted")
        return unnested.render_derived()
    items = func.json_each(bindparam(None, json.dumps(pairs, default=str))).table_valued("value")
    return select(
        func.json_extract(items.c.value, "$[0]").label(first.key),
        func.json_extract(items.c.value, "$[1]").label(second.key),
    ).subquery("wanted")


def _rebuild(days: dict[int, set[date]], zones: dict[int, str]) -> list[dict]:
    """Delete the aggregates of these accounts' days and return them recomputed: the
    accounts' mentions between the first and the last day (a day's margin for the zones)
    are read in one statement."""
    pairs = [(account_id, day) for account_id, wanted in days.items() for day in wanted]
    for chunk in batches(pairs):
        gone = pairs_table(chunk, MentionDay.account_id, MentionDay.day)
        for table in (MentionDay, MentionTime):
            where = tuple_(table.account_id, table.day).in_(select(gone.c.account_id, gone.c.day))
            db.session.execute(delete(table).where(where))
    first = min(day for _a, day in pairs) - timedelta(days=1)
    last = max(day for _a, day in pairs) + timedelta(days=2)
    stmt = select(
        Mention.account_id, Mention.received_at, Mention.category, Mention.first_response_at
    ).where(
        Mention.account_id.in_(list(days)),
        Mention.received_at >= to_utc(first, time(0), "UTC"),
        Mention.received_at < to_utc(last, time(0), "UTC"),
    )
    mentions: dict[int, list] = defaultdict(list)
    for account_id, *row in db.session.execute(stmt):
        mentions[account_id].append(row)
    return [
        row
        for account_id, wanted in days.items()
        for row in day_rows(account_id, mentions[account_id], zones[account_id], wanted)
    ]


def recompute(pairs: Iterable[tuple[int, date]]) -> None:
    """Rebuild the aggregates of these (account id, local day) pairs from the raw mentions,
    a few statements per 500 accounts. The caller commits."""
    by_account: dict[int, set[date]] = defaultdict(set)
    for account_id, day in pairs:
        by_account[account_id].add(day)
    zones = _zones(by_account)
    rows = []
    for chunk in batches(sorted(by_account)):
        rows += _rebuild({a: by_account[a] for a in chunk}, zones)
    write_rows(rows)


def recompute_accounts(account_ids: Iterable[int]) -> None:
    """Rebuild every day of these accounts (a unit moved to another zone, the demo)."""
    ids = sorted(set(account_ids))
    zones = _zones(ids)
    pairs = set()
    for chunk in batches(ids):
        for table in (MentionDay, MentionTime):
            db.session.execute(delete(table).where(table.account_id.in_(chunk)))
        stmt = select(Mention.account_id, Mention.received_at).where(Mention.account_id.in_(chunk))
        pairs |= {(a, local_day(r, zones[a])) for a, r in db.session.execute(stmt)}
    recompute(pairs)
