"""The benchmark databases: national-scale demo data, built once and reused by version."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from sqlalchemy import inspect, text

from training import create_app
from training.extensions import db

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = ROOT / "instance" / "bench.sqlite"
#: Bump to force a rebuild; the seed's sources and the unit list are hashed in as well.
BASE_VERSION = "bench-1"
META = "bench_meta"


def version() -> str:
    digest = hashlib.sha256(BASE_VERSION.encode())
    sources = sorted((ROOT / "training" / "demo").glob("*.py"))
    for path in [*sources, ROOT / "training" / "data" / "polri_units.csv"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def backends() -> list[tuple[str, str]]:
    """(label, URL) of every database to benchmark: SQLite, plus BENCH_DATABASE_URL if set."""
    found = [("sqlite", f"sqlite:///{SQLITE_PATH}")]
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if url:
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                url = "postgresql+psycopg://" + url[len(prefix) :]
        found.append(("postgresql", url))
    return found


def make_app(url: str) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "bench-secret",
        }
    )


def _meta() -> dict[str, str]:
    db.session.execute(
        text(f"CREATE TABLE IF NOT EXISTS {META} (key VARCHAR(40) PRIMARY KEY, value TEXT)")
    )
    db.session.commit()
    return dict(db.session.execute(text(f"SELECT key, value FROM {META}")).all())


def prepare(app: Flask, rebuild: bool = False) -> dict:
    """Reuse the database if it holds this version's data, else rebuild it (timed).

    Must run inside ``app.app_context()``. Returns the seed facts: seconds, built_at, reused.
    """
    wanted = version()
    meta = _meta()
    if not rebuild and meta.get("version") == wanted:
        db.create_all()  # tables added to the models since the build (no data of their own)
        return {"seconds": float(meta["seconds"]), "built_at": meta["built_at"], "reused": True}
    db.session.execute(text(f"DROP TABLE IF EXISTS {META}"))
    db.session.commit()
    db.drop_all()
    db.create_all()
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["seed-demo", "--scale", "national"])
    seconds = time.perf_counter() - started
    if result.exit_code != 0:
        raise RuntimeError(f"seed-demo failed:\n{result.output}\n{result.exception!r}")
    built_at = datetime.now(UTC).isoformat(timespec="seconds")
    _meta()
    for key, value in (("version", wanted), ("seconds", f"{seconds:.3f}"), ("built_at", built_at)):
        db.session.execute(
            text(f"INSERT INTO {META} (key, value) VALUES (:key, :value)"),
            {"key": key, "value": value},
        )
    db.session.commit()
    return {"seconds": seconds, "built_at": built_at, "reused": False}


def current_indexes(tables) -> None:
    """The indexes the models declare on ``tables`` (a bench database built before a
    migration changed them: the migration's work, done here; other ``ix_`` indexes
    dropped), then the changed tables vacuumed and analysed as autovacuum would
    (PostgreSQL's index-only scans need the visibility map)."""
    changed = []
    for table in tables:
        names = {index["name"] for index in inspect(db.engine).get_indexes(table.name)}
        wanted = {index.name for index in table.indexes}
        for index in table.indexes:
            if index.name not in names:
                index.create(db.session.connection())
                changed.append(table.name)
        for name in sorted(n for n in names - wanted if n.startswith("ix_")):
            db.session.execute(text(f"DROP INDEX {name}"))
            changed.append(table.name)
    db.session.commit()
    verb = "VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for name in sorted(set(changed)):
            conn.execute(text(f"{verb} {name}"))
