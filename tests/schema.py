"""The test database's tables: made cheaply for each test, each worker on its own database.

- SQLite in memory (the default): every test gets a new, empty in-memory database. The
  tables are created once per process and copied into each new database with SQLite's
  backup API (a page copy, ~1 ms instead of ~100 ms of DDL).
- PostgreSQL: each pytest-xdist worker uses a database of its own, ``<name>_<worker>``,
  created at its start and dropped at its end (serial runs use TEST_DATABASE_URL itself).
  The tables are created by the first test that needs them and emptied after each test:
  DELETE in dependency order and the used sequences restarted, so ids start at 1 again
  (~30 ms, where TRUNCATE takes ~1 s and dropping and creating the tables ~2 s). They are
  created anew whenever a test dropped one of them (tests that build apps of their own may
  create and drop the tables themselves), and dropped at the end of the run.
"""

from __future__ import annotations

import sqlite3
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

_template: sqlite3.Connection | None = None


def _is_memory(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def worker_url(base_url: str, worker: str) -> str:
    """The database URL for one xdist worker (``base_url`` itself for a serial run)."""
    if not worker or _is_memory(base_url):
        return base_url
    url = make_url(base_url)
    if url.get_backend_name() == "sqlite":
        root, dot, ext = url.database.rpartition(".")
        name = f"{root}-{worker}.{ext}" if dot else f"{url.database}-{worker}"
        return url.set(database=name).render_as_string(hide_password=False)
    return url.set(database=f"{url.database}_{worker}").render_as_string(hide_password=False)


def _admin(url: str):
    """An autocommit engine on the server's ``postgres`` database."""
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def create_database(url: str) -> None:
    """Create the worker's PostgreSQL database (dropping one left by a killed run)."""
    if make_url(url).get_backend_name() != "postgresql":
        return
    name = make_url(url).database
    admin = _admin(url)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


def drop_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not _is_memory(url):
        import os

        if os.path.exists(parsed.database):
            os.remove(parsed.database)
        return
    if parsed.get_backend_name() != "postgresql":
        return
    admin = _admin(url)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    finally:
        admin.dispose()


def drop_kept_tables(url: str) -> None:
    """End of a serial PostgreSQL run: drop the tables the tests kept between them."""
    if make_url(url).get_backend_name() != "postgresql":
        return
    import training.models  # noqa: F401  (registers every table)
    from training.extensions import db

    engine = create_engine(url)
    try:
        db.metadata.drop_all(engine)
    finally:
        engine.dispose()


def create_tables(db) -> None:
    """Give the current app's (empty) database every table."""
    global _template
    engine = db.engine
    if engine.dialect.name == "postgresql":
        if not _missing_tables(db):
            return
        db.drop_all()
        db.create_all()
        return
    if not _is_memory(str(engine.url)):
        db.create_all()
        return
    raw = engine.raw_connection()
    try:
        if _template is None:
            db.create_all()
            _template = sqlite3.connect(":memory:")
            raw.driver_connection.backup(_template)
        else:
            _template.backup(raw.driver_connection)
            # a new database has a readiness version token of its own (a copied token would
            # let a process serve the roll-up it kept for an earlier test's database)
            raw.driver_connection.execute(
                "UPDATE readiness_version SET token = ?", (uuid.uuid4().hex,)
            )
            raw.driver_connection.commit()
    finally:
        raw.close()


def _missing_tables(db) -> bool:
    with db.engine.connect() as connection:
        present = set(
            connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            ).scalars()
        )
    return not set(db.metadata.tables) <= present


def drop_tables(db) -> None:
    """Leave the database as empty as :func:`create_tables` expects it."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        if _missing_tables(db):
            db.drop_all()  # a test dropped a table: start again from nothing
            return
        _empty_tables(db)
        return
    if not _is_memory(str(engine.url)):
        db.drop_all()
    # an in-memory database goes with its engine (engine.dispose() in the fixture)


def _empty_tables(db) -> None:
    """Delete every row and restart the sequences that were used."""
    quote = db.engine.dialect.identifier_preparer.quote
    try:
        with db.engine.begin() as connection:
            used = connection.execute(
                text(
                    "SELECT sequencename FROM pg_sequences"
                    " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
                )
            ).scalars()
            statements = [
                f"DELETE FROM {quote(t.name)}" for t in reversed(db.metadata.sorted_tables)
            ]
            statements += [f"ALTER SEQUENCE {quote(name)} RESTART" for name in used]
            connection.exec_driver_sql("; ".join(statements))
    except Exception:  # noqa: BLE001 - e.g. rows in a foreign-key cycle: the slow way
        names = ", ".join(quote(t) for t in db.metadata.tables)
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    # like a new database (create_all, the migration): the readiness version row at n = 0,
    # with a token of its own so no process serves a roll-up kept for an earlier test
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM readiness_version"))
        connection.execute(
            text("INSERT INTO readiness_version (id, token, n) VALUES (1, :token, 0)"),
            {"token": uuid.uuid4().hex},
        )
