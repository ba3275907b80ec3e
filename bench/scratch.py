"""Fresh scratch databases for the load benchmarks, dropped afterwards: a SQLite file in
instance/, or a database on a PostgreSQL server (empty, or a copy of a template)."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def no_fail_requested(flag: bool) -> bool:
    """--no-fail given, or BENCH_NO_FAIL set to anything but "" or "0"."""
    return flag or os.environ.get("BENCH_NO_FAIL", "").strip() not in ("", "0")


def fresh_sqlite(path: Path) -> str:
    """The URL of an empty SQLite file at ``path`` (the old file and its WAL removed)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_postgresql(base_url, name: str, template: str | None = None) -> tuple[str, str]:
    """(URL, admin URL) of database ``name`` on ``base_url``'s server, created anew (empty,
    or a copy of database ``template``)."""
    base = make_url(base_url)
    admin = base.set(database="postgres")
    copy = f' TEMPLATE "{template}"' if template else ""
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    engine.dispose()
    url = base.set(database=name).render_as_string(hide_password=False)
    return url, admin.render_as_string(hide_password=False)


def drop(url: str, admin: str) -> None:
    """Drop the database of ``url`` (connections to it closed by force)."""
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    engine.dispose()
