"""Throw-away databases for tests that need their own (migrations, live servers)."""

import contextlib
import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextlib.contextmanager
def scratch_database(base_url: str, tmp_dir: str):
    """Yield the URL of an empty database of the same kind as ``base_url``, then drop it.

    SQLite gets a file in ``tmp_dir``; PostgreSQL gets a new database on the same server.
    """
    if base_url.startswith("sqlite"):
        yield "sqlite:///" + os.path.join(tmp_dir, f"scratch-{uuid.uuid4().hex[:8]}.sqlite")
        return
    url = make_url(base_url)
    name = f"{url.database}_scratch_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
