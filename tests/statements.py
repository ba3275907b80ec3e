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


def assert_same_for_small_and_large(small: list[str], large: list[str], bound: int) -> None:
    """The statements of one piece of work on a small and on a large world: as many for
    both (nothing per row, no N+1), and at most ``bound``. Where the exact number is not
    the point, a test says this rather than a magic number that breaks on every change."""
    assert len(small) == len(large), (
        f"{len(small)} statements for the small world, {len(large)} for the large one",
        large,
    )
    assert len(large) <= bound, large
