"""Count the SQL statements a block of code sends (for "bounded statements" tests)."""

from contextlib import contextmanager

from sqlalchemy import event

from training.extensions import db


@contextmanager
def count_statements(_db=None):
    """Yield a list that collects every statement executed inside the block."""
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
