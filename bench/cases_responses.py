"""Issue-15 benchmarks at national scale: a year of public mentions on every official
account of the national demo (at least 1,000,000 rows), in a copy of the bench database
(a file copy on SQLite, ``CREATE DATABASE .. TEMPLATE`` on PostgreSQL, so the other cases
and the seed's bulk-insert reference keep their data), seeded once, outside the timings:

- the response roll-up the pages need (the nation's figures and its Polda, the Polres of the
  largest Polda, the last 30 days; also 90 days) beside one plain select of the same rows
  (the raw mentions of the window counted per unit) — target <= 200 ms;
- an import of 100,000 rows (one file; the app's per-file limit, IMPORT_MAX_ROWS, is 50,000
  by default: raised for this file) through the real importer path (read the CSV, plan: check every
  row against the accounts and the stored mentions, apply: write and recompute the days)
  beside a plain bulk insert of the same rows into the mention table — target <= 15 s.

Each import is rolled back afterwards, so every repetition starts from the same data.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, delete, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from bench.cases import entry
from bench.database import current_indexes, make_app
from bench.measure import alternate, counting
from training.accounts.models import SocialAccount
from training.core.bulkwrite import insert_rows
from training.core.tabular import Limits
from training.core.timefmt import local_day, to_utc
from training.extensions import db
from training.responses import queries
from training.responses.importer import HEADER, apply_mentions, preview_mentions, read_mentions
from training.responses.measures import day_rows, write_rows
from training.responses.models import Mention, MentionDay, MentionTime
from training.responses.targets import DEFAULT_TARGETS
from training.units.models import Unit

MENTIONS = 1_000_000
DAYS = 365
IMPORT_ROWS = 100_000
ROLLUP_TARGET_MS = 200.0
IMPORT_TARGET_S = 15.0
POLDA_CODE = "15"
META_KEY = "responses_seed"
KEY_PREFIX = "bench-"
CATEGORIES = ("aduan", "aduan", "pertanyaan", "pertanyaan", "informasi", "isu_negatif")
ACCOUNT_CHUNK = 200


def _accounts() -> list:
    stmt = (
        select(SocialAccount.id, SocialAccount.platform, SocialAccount.handle, Unit.timezone)
        .join(Unit, Unit.id == SocialAccount.unit_id)
        .order_by(SocialAccount.id)
    )
    return db.session.execute(stmt).all()


def _mention(rng: random.Random, account_id: int, n: int, now: datetime) -> dict:
    received = now - timedelta(seconds=rng.randint(3600, DAYS * 86400))
    responded = None
    if rng.random() < 0.8:
        responded = received + timedelta(seconds=int(rng.lognormvariate(8, 1.1)))
        responded = responded if responded <= now else None
    return {
        "account_id": account_id,
        "mention_key": f"{KEY_PREFIX}{n}",
        "received_at": received,
        "category": rng.choice(CATEGORIES),
        "first_response_at": responded,
        "status": "dijawab" if responded else "terbuka",
        "reply_url": "",
        "created_at": now,
        "updated_at": now,
    }


def _rebuild_aggregates(accounts: list) -> None:
    """The daily aggregates of these accounts from all their mentions (demo ones included)."""
    ids = [a.id for a in accounts]
    zones = {a.id: a.timezone for a in accounts}
    for table in (MentionDay, MentionTime):
        db.session.execute(delete(table).where(table.account_id.in_(ids)))
    by_account: dict[int, list] = {i: [] for i in ids}
    stmt = select(
        Mention.account_id, Mention.received_at, Mention.category, Mention.first_response_at
    ).where(Mention.account_id.in_(ids))
    for account_id, *row in db.session.execute(stmt):
        by_account[account_id].append(row)
    write_rows([r for a, rows in by_account.items() for r in day_rows(a, rows, zones[a])])


def seed(now: datetime) -> dict:
    """Add MENTIONS mentions over DAYS days to the accounts (once per bench database)."""
    done = db.session.execute(
        text("SELECT value FROM bench_meta WHERE key = :key"), {"key": META_KEY}
    ).scalar()
    if done:
        return {"seconds": float(done), "reused": True}
    started = time.perf_counter()
    db.session.execute(delete(Mention).where(Mention.mention_key.startswith(KEY_PREFIX)))
    accounts = _accounts()
    rng = random.Random("presisi-bench-mentions")
    n = 0
    for start in range(0, len(accounts), ACCOUNT_CHUNK):
        chunk = accounts[start : start + ACCOUNT_CHUNK]
        share = MENTIONS * (start + len(chunk)) // len(accounts) - n
        rows = [_mention(rng, chunk[i % len(chunk)].id, n + i, now) for i in range(share)]
        n += share
        insert_rows(Mention.__table__, rows)
        _rebuild_aggregates(chunk)
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE mention, mention_day, mention_time"))
    seconds = time.perf_counter() - started
    db.session.execute(
        text("INSERT INTO bench_meta (key, value) VALUES (:key, :value)"),
        {"key": META_KEY, "value": f"{seconds:.1f}"},
    )
    db.session.commit()
    return {"seconds": seconds, "reused": False}


def _entry(name, pair, unit, scale, reference, target, **extra) -> dict:
    """The common bench entry with this issue's target and whether it was met."""
    met = pair.candidate_median * scale <= target[1]
    return entry(name, pair, unit, reference, scale, target=target[0], target_met=met, **extra)


def _plain_select(first_utc: datetime, last_utc: datetime):
    """Reference: one plain statement over the same rows, the window's mentions per unit."""
    stmt = (
        select(SocialAccount.unit_id, func.count(), func.count(Mention.first_response_at))
        .join(SocialAccount, SocialAccount.id == Mention.account_id)
        .where(Mention.received_at >= first_utc, Mention.received_at < last_utc)
        .group_by(SocialAccount.unit_id)
    )
    return db.session.execute(stmt).all()


def rollup_entries(repetitions: int, today: date) -> list[dict]:
    nation = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    polda = db.session.scalar(select(Unit).where(Unit.code == POLDA_CODE))
    entries = []
    for days in (30, 90):
        first, last = today - timedelta(days=days - 1), today

        def pages(first=first, last=last):
            queries.subtree_figures(nation, first, last, DEFAULT_TARGETS)
            queries.by_child(nation, first, last, DEFAULT_TARGETS)
            return queries.by_child(polda, first, last, DEFAULT_TARGETS)

        start = to_utc(first, datetime.min.time(), "Asia/Jakarta")
        end = to_utc(last + timedelta(days=1), datetime.min.time(), "Asia/Jakarta")
        with counting(db.engine) as counter:
            pages()
        rows = db.session.scalar(
            select(func.sum(MentionDay.mentions)).where(
                MentionDay.day >= first, MentionDay.day <= last
            )
        )
        pair = alternate(pages, lambda s=start, e=end: _plain_select(s, e), repetitions)
        entries.append(
            _entry(
                f"response roll-up, last {days} days ({rows:,} mentions): the nation, its "
                f"Polda, the Polres of Polda {POLDA_CODE}",
                pair,
                "ms",
                1000.0,
                "one plain select: the window's raw mentions counted per unit",
                ("at most 200 ms", ROLLUP_TARGET_MS),
                statements=counter.count,
            )
        )
    return entries


def _import_file(now: datetime) -> tuple[bytes, list[dict]]:
    """A CSV of IMPORT_ROWS new mentions of the last 30 days, and the same rows as the
    mention table's values (for the plain insert)."""
    accounts = _accounts()
    rng = random.Random("presisi-bench-import")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    rows = []
    for n in range(IMPORT_ROWS):
        account = accounts[rng.randrange(len(accounts))]
        received = (now - timedelta(seconds=rng.randint(3600, 30 * 86400))).replace(microsecond=0)
        responded = received + timedelta(seconds=int(rng.lognormvariate(8, 1.1)))
        responded = responded if responded <= now and rng.random() < 0.8 else None
        category = rng.choice(CATEGORIES)
        stamp = "%Y-%m-%dT%H:%M:%S+00:00"
        writer.writerow(
            (account.platform, account.handle, f"imp-{n}", received.strftime(stamp), category,
             responded.strftime(stamp) if responded else "", "", "", "", "")
        )  # fmt: skip
        rows.append(
            {"account_id": account.id, "mention_key": f"imp-{n}", "received_at": received,
             "category": category, "first_response_at": responded,
             "status": "dijawab" if responded else "terbuka", "reply_url": "",
             "created_at": now, "updated_at": now}
        )  # fmt: skip
    return out.getvalue().encode(), rows


def import_entry(now: datetime, repetitions: int) -> dict:
    data, rows = _import_file(now)

    def candidate():
        rows_read = read_mentions("mentions.csv", data, Limits(rows=IMPORT_ROWS))
        preview = preview_mentions(rows_read, scope=None, now=now)
        apply_mentions(preview, now=now)
        db.session.flush()

    def reference():
        insert_rows(Mention.__table__, rows)
        db.session.flush()

    pair = alternate(candidate, reference, repetitions, warmup=0, before_each=db.session.rollback)
    db.session.rollback()
    return _entry(
        f"import of {IMPORT_ROWS:,} mention rows (read, plan, apply and recompute the days)",
        pair,
        "s",
        1.0,
        "plain bulk insert of the same rows into the mention table",
        ("at most 15 s", IMPORT_TARGET_S),
        candidate_runs=[round(s, 2) for s in pair.candidate],
        reference_runs=[round(s, 3) for s in pair.reference],
    )


def _version(url) -> str | None:
    engine = create_engine(url, poolclass=NullPool)  # no connection kept open afterwards
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT value FROM bench_meta WHERE key = 'version'")).scalar()
        except DBAPIError:
            return None


def copy_database(url: str) -> str:
    """The URL of this benchmark's copy of the bench database at ``url``, copied again when
    the bench database was rebuilt since (its version differs). No connection to ``url``
    may be open (PostgreSQL copies from a template nobody uses)."""
    source = make_url(url)
    wanted = _version(source)
    if source.get_backend_name() == "sqlite":
        path = Path(source.database).with_name("bench_responses.sqlite")
        copy = source.set(database=str(path))
        if not path.exists() or _version(copy) != wanted:
            shutil.copyfile(source.database, path)
        return copy.render_as_string(hide_password=False)
    name = f"{source.database}_responses"
    copy = source.set(database=name)
    admin = create_engine(source.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.scalar() is None or _version(copy) != wanted:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source.database}"'))
    admin.dispose()
    return copy.render_as_string(hide_password=False)


def run(url: str, repetitions: int, importing: bool = True) -> list[dict]:
    """Seed the copy of the bench database at ``url`` (once) and measure (the import too
    when ``importing``); call it outside the bench database's app context."""
    app = make_app(copy_database(url))
    with app.app_context():
        now = datetime.now(UTC).replace(microsecond=0)
        facts = seed(now)
        current_indexes([MentionDay.__table__, MentionTime.__table__])
        total = db.session.scalar(select(func.count()).select_from(Mention))
        print(f"  mentions: {total:,} (seed {facts['seconds']:.0f} s, reused {facts['reused']})")
        entries = rollup_entries(repetitions, local_day(now))
        for entry in entries:
            print(f"  {entry['name']}: {entry['median']} ms, reference {entry['reference_median']}")
        if importing:
            entries.append(import_entry(now, 3))
        db.session.remove()
        db.engine.dispose()
    for entry in entries:
        entry["mentions_in_database"] = total
        entry["seed_seconds"] = round(facts["seconds"], 1)
    return entries
