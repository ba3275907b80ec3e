"""Many rows of one table in one go: PostgreSQL's COPY, SQLite's own executemany.

psycopg 3 sends an executemany INSERT as one statement per row (pipelined); COPY streams
the rows in one command, several times faster for thousands of rows (the 6,330 rows of a
national readiness snapshot: ~0.35 s as an INSERT, ~0.05 s as COPY). On SQLite the rows go
to the driver's executemany as tuples, without SQLAlchemy's parameter handling per row
(about half the time of ``execute(insert(table), rows)``). Either way the rows go through
the columns' own bind processing (e.g. ``UTCDateTime``), in the session's transaction:
callers commit. Other databases (and columns whose default is computed) take an
executemany INSERT.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Table, insert, text

from training.extensions import db


def insert_rows(table: Table, rows: list[dict]) -> int:
    """Insert ``rows`` (dicts with the same keys) into ``table``; the number of rows."""
    if not rows:
        return 0
    connection = db.session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    defaults = _scalar_defaults(table, names)
    fast = dialect.name == "sqlite" or (dialect.name, dialect.driver) == ("postgresql", "psycopg")
    if not fast or defaults is None:  # None: a column computes its default, INSERT does that
        connection.execute(insert(table), rows)
        return len(rows)
    if defaults:
        rows = [{**defaults, **row} for row in rows]
        names += list(defaults)
    columns = [table.c[name] for name in names]
    processors = [column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns]
    pairs = list(zip(names, processors, strict=True))
    values = ([row[name] if fn is None else fn(row[name]) for name, fn in pairs] for row in rows)
    quote = dialect.identifier_preparer
    into = "{} ({})".format(
        quote.format_table(table), ", ".join(quote.quote(name) for name in names)
    )
    if dialect.name == "sqlite":
        marks = ", ".join("?" * len(names))
        connection.exec_driver_sql(f"INSERT INTO {into} VALUES ({marks})", list(map(tuple, values)))
        return len(rows)
    cursor = connection.connection.driver_connection.cursor()
    with cursor, cursor.copy(f"COPY {into} FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)
    return len(rows)


def _scalar_defaults(table: Table, names: list[str]) -> dict | None:
    """Python-side defaults of the columns missing from ``names``, as INSERT would fill
    them in; None when one of them is computed (a callable or SQL expression)."""
    found = {}
    for column in table.c:
        if column.name in names or column.default is None:
            continue
        if not column.default.is_scalar:
            return None
        found[column.name] = column.default.arg
    return found


@contextlib.contextmanager
def checks_at_end(table: Table, keep: tuple[str, ...] = ()) -> Iterator[None]:
    """Bulk writes into ``table`` with its foreign keys, unique constraints and indexes
    (but the primary key and the indexes named in ``keep``) checked and built once at the
    end instead of row by row.

    PostgreSQL checks a foreign key by a trigger per written row and updates every index
    per row: of the ~90 ms a national readiness snapshot day of 6,330 copied rows took, ~50
    were the two foreign keys and ~25 the unit and unique indexes. Its manual's advice for
    populating a database is to drop them and add them back, which checks every row in one
    join and builds each index in one sort. Both happen in the caller's transaction: an
    error rolls the drop back, and adding them back fails, as a write would, if a row has
    no parent or repeats a unique key. They come back exactly as the database had them
    (read from ``pg_constraint`` and ``pg_index``). Meanwhile the table and the tables it
    refers to are locked against every other session: for loads while nobody uses the
    application (``seed-demo``). Other databases: nothing changes.
    """
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        yield
        return
    name = connection.dialect.identifier_preparer.format_table(table)
    found = {"table": name, "keep": list(keep)}
    constraints = connection.execute(_CONSTRAINTS, found).all()
    indexes = connection.execute(_INDEXES, found).all()
    for constraint, _definition in constraints:
        connection.exec_driver_sql(f'ALTER TABLE {name} DROP CONSTRAINT "{constraint}"')
    for index, _definition in indexes:  # regclass text: quoted and qualified as needed
        connection.exec_driver_sql(f"DROP INDEX {index}")
    yield
    for _index, definition in indexes:
        connection.exec_driver_sql(definition)
    for constraint, definition in constraints:  # unique ones first, then foreign keys
        connection.exec_driver_sql(f'ALTER TABLE {name} ADD CONSTRAINT "{constraint}" {definition}')


_CONSTRAINTS = text(
    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE conrelid = CAST(:table AS regclass) AND contype IN ('f', 'u')"
    " AND NOT (conname = ANY(CAST(:keep AS text[]))) ORDER BY contype DESC, conname"
)
_INDEXES = text(
    "SELECT CAST(indexrelid AS regclass)::text, pg_get_indexdef(indexrelid) FROM pg_index"
    " WHERE indrelid = CAST(:table AS regclass) AND NOT indisprimary"
    " AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)"
    " AND NOT (CAST(indexrelid AS regclass)::text = ANY(CAST(:keep AS text[]))) ORDER BY 1"
)
