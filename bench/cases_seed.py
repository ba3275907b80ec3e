"""The national seed beside a plain bulk insert of the same rows (issue 13, point 6).

The reference copies every row the seed left in the bench database into an empty database
of the same kind (a scratch SQLite file, or a scratch PostgreSQL database on the same
server) with one multi-row INSERT per table and chunk, foreign-key checks off, in one
transaction: the floor for writing that data. Only the inserts and the commit are timed.
Target: the seed takes at most 1.5x as long.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import URL, Engine, make_url

from training.extensions import db

SEED_RATIO_TARGET = 1.5
CHUNK = 5000


@contextlib.contextmanager
def scratch_engine(url: URL) -> Iterator[Engine]:
    """An empty database of the same kind as ``url``, dropped afterwards."""
    if url.get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-bulk-") as folder:
            engine = create_engine(f"sqlite:///{Path(folder) / 'bulk.sqlite'}")
            try:
                yield engine
            finally:
                engine.dispose()
        return
    name = f"{url.database}_bulkref"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_engine(url.set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def bulk_insert_seconds() -> tuple[float, int]:
    """Seconds to bulk-insert every row of the bench database into an empty one; rows."""
    source = db.engine
    tables = [t for t in db.metadata.sorted_tables if t.name != "readiness_version"]
    with scratch_engine(make_url(source.url.render_as_string(hide_password=False))) as target:
        db.metadata.create_all(target)
        seconds, rows = 0.0, 0
        with target.connect() as conn:
            if target.dialect.name == "postgresql":
                conn.execute(text("SET session_replication_role = replica"))  # no FK triggers
            for table in tables:
                with source.connect() as read:
                    data = [dict(row._mapping) for row in read.execute(select(table))]
                rows += len(data)
                started = time.perf_counter()
                for i in range(0, len(data), CHUNK):
                    conn.execute(insert(table), data[i : i + CHUNK])
                seconds += time.perf_counter() - started
            started = time.perf_counter()
            conn.commit()
            seconds += time.perf_counter() - started
    return seconds, rows


def seed_vs_bulk(seed_seconds: float, reused: bool) -> dict:
    seconds, rows = bulk_insert_seconds()
    ratio = seed_seconds / seconds if seconds else None
    return {
        "name": f"flask seed-demo --scale national vs a plain bulk insert of its {rows} rows",
        "median": round(seed_seconds, 3),
        "unit": "s",
        "reference_median": round(seconds, 3),
        "reference": "bulk INSERT of the same rows into an empty database, target at most 1.5x",
        "ratio": round(ratio, 3) if ratio is not None else None,
        "target": f"seed at most {SEED_RATIO_TARGET}x the bulk insert (issue 13)",
        "target_met": ratio is not None and ratio <= SEED_RATIO_TARGET,
        "repetitions": 1,
        "note": "seed timed when the bench database was built"
        + (" (reused: an earlier run)" if reused else ""),
    }
