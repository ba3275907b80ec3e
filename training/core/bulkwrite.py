"""Many rows of one table in one go: PostgreSQL's COPY, one executemany INSERT elsewhere.

psycopg 3 sends an executemany INSERT as one statement per row (pipelined); COPY streams
the rows in one command, several times faster for thousands of rows (the 6,330 rows of a
national readiness snapshot: ~0.35 s as an INSERT, ~0.05 s as COPY). The rows go through
the columns' own bind processing (e.g. ``UTCDateTime``), in the session's transaction:
callers commit.
"""

from __future__ import annotations

from sqlalchemy import Table, insert

from training.extensions import db


def insert_rows(table: Table, rows: list[dict]) -> int:
    """Insert ``rows`` (dicts with the same keys) into ``table``; the number of rows."""
    if not rows:
        return 0
    connection = db.session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql" or dialect.driver != "psycopg":
        connection.execute(insert(table), rows)
        return len(rows)
    names = list(rows[0])
    defaults = _scalar_defaults(table, names)
    if defaults is None:  # a column computes its default: INSERT does that
        connection.execute(insert(table), rows)
        return len(rows)
    if defaults:
        rows = [{**defaults, **row} for row in rows]
        names += list(defaults)
    columns = [table.c[name] for name in names]
    processors = [column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns]
    quote = dialect.identifier_preparer
    command = "COPY {} ({}) FROM STDIN".format(
        quote.format_table(table), ", ".join(quote.quote(name) for name in names)
    )
    pairs = list(zip(names, processors, strict=True))
    cursor = connection.connection.driver_connection.cursor()
    with cursor, cursor.copy(command) as copy:
        for row in rows:
            copy.write_row([row[name] if fn is None else fn(row[name]) for name, fn in pairs])
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
