"""The readiness data version: one counter row, bumped by every commit that wrote a table the
roll-up reads, in that same transaction.

Every statement sent through any engine is looked at (``before_execute``, so ORM flushes,
bulk ``insert()``/``update()``/``delete()``, Core and textual SQL alike; no service can
forget it). A write to a watched table marks the connection's transaction; its commit first
runs ``UPDATE readiness_version SET n = n + 1``. Bumping last keeps the counter row's lock
(PostgreSQL) for the shortest time and after every other lock the transaction takes, so it
cannot take part in a deadlock; a rollback drops the mark with the writes.

A reader (training.readiness.kept) reads the committed version before it reads any data, so
a payload tagged with version n reflects at least everything committed up to n.

Not covered: writes on a connection in AUTOCOMMIT isolation (no commit event; the
application has none) and SQL run outside SQLAlchemy (psql): bump the version by hand after
such a change (``UPDATE readiness_version SET n = n + 1``).
"""

from __future__ import annotations

import re
import uuid
from typing import NamedTuple

from sqlalchemy import event, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import DropTable
from sqlalchemy.sql.elements import TextClause

from training.accounts.models import SocialAccount
from training.certificates.models import Certificate
from training.people.models import Person
from training.programs.models import Course, CourseStatus, Program
from training.readiness.models import ReadinessThresholds, ReadinessVersion
from training.responses.models import MentionDay, ResponseTarget
from training.units.models import Unit

#: Tables the roll-up reads: a write to any of them changes the version.
WATCHED = frozenset(
    model.__table__.name
    for model in (
        Unit,
        Person,
        Program,
        Course,
        CourseStatus,
        Certificate,
        SocialAccount,
        ReadinessThresholds,
        # the response criteria and the refresher flag (readiness.outcome)
        MentionDay,
        ResponseTarget,
    )
)
#: conn.info keys: the transaction wrote a watched table / wrote anything.
DIRTY = "readiness_dirty"
WROTE = "readiness_wrote"
HAS_TABLE = "readiness_version_table"
TABLE = ReadinessVersion.__table__.name
BUMP = f"UPDATE {TABLE} SET n = n + 1 WHERE id = 1"
_TEXT_DML = re.compile(r"^\s*(?:insert\s+into|update|delete\s+from)\s+\"?(\w+)", re.IGNORECASE)


class Version(NamedTuple):
    token: str
    n: int


def written_table(statement) -> str | None:
    """The table a DML statement writes (None for anything else)."""
    if getattr(statement, "is_dml", False):
        return getattr(getattr(statement, "table", None), "name", None)
    if isinstance(statement, TextClause):
        statement = statement.text
    if isinstance(statement, str):
        match = _TEXT_DML.match(statement)
        return match.group(1).lower() if match else None
    return None


def _before_execute(conn: Connection, statement, *_args) -> None:
    if isinstance(statement, DropTable):
        conn.info.pop(HAS_TABLE, None)
        return
    table = written_table(statement)
    if table is None or table == TABLE:
        return
    conn.info[WROTE] = True
    if table in WATCHED:
        conn.info[DIRTY] = True


def _on_commit(conn: Connection) -> None:
    conn.info.pop(WROTE, None)
    if not conn.info.pop(DIRTY, False) or not has_table(conn):
        return
    if conn.exec_driver_sql(BUMP).rowcount == 0:
        _insert_row(conn, n=1)


def has_table(conn: Connection) -> bool:
    """Whether the database has the version table (not before its migration); a yes is
    remembered per database connection, a no asked again (a migration may create it)."""
    if conn.info.get(HAS_TABLE):
        return True
    found = conn.dialect.has_table(conn, TABLE)
    if found:
        conn.info[HAS_TABLE] = True
    return found


def _on_rollback(conn: Connection) -> None:
    conn.info.pop(WROTE, None)
    conn.info.pop(DIRTY, None)


def _insert_row(conn: Connection, n: int) -> None:
    conn.execute(insert(ReadinessVersion.__table__).values(id=1, token=uuid.uuid4().hex, n=n))


def _after_create(target, connection: Connection, **_kw) -> None:
    _insert_row(connection, n=0)


def install() -> None:
    """Listen on every engine (idempotent; done when this module is imported)."""
    for name, fn in (
        ("before_execute", _before_execute),
        ("commit", _on_commit),
        ("rollback", _on_rollback),
    ):
        if not event.contains(Engine, name, fn):
            event.listen(Engine, name, fn)
    if not event.contains(ReadinessVersion.__table__, "after_create", _after_create):
        event.listen(ReadinessVersion.__table__, "after_create", _after_create)


def current(conn: Connection) -> Version | None:
    """The committed version as this connection sees it (None without the row)."""
    if not has_table(conn):
        return None
    row = conn.execute(
        select(ReadinessVersion.token, ReadinessVersion.n).where(ReadinessVersion.id == 1)
    ).first()
    return Version(row.token, int(row.n)) if row else None


def uncommitted_change(conn: Connection) -> bool:
    """Whether this connection's transaction wrote a watched table and has not committed."""
    return bool(conn.info.get(DIRTY))


def uncommitted_write(conn: Connection) -> bool:
    """Whether this connection's transaction wrote anything and has not committed."""
    return bool(conn.info.get(WROTE))


install()
