"""Serialise seat changes of one session across concurrent requests.

Seat counts and waitlist promotions are read-then-write: two cancellations running at once
must not both promote the same waiting person, nor fill the same free seat twice. Every
service that changes seats first calls ``lock_session``, then counts inside the lock.

- PostgreSQL: ``SELECT ... FOR UPDATE`` on the session row; other writers of the same
  session wait until this transaction ends, and READ COMMITTED lets them see its result.
- SQLite: a database has a single writer. A no-op UPDATE on the session row takes the write
  lock at once (``BEGIN IMMEDIATE`` semantics: pysqlite opens the transaction lazily on the
  first write, so no stale read snapshot is held); others wait up to the busy timeout.
"""

from __future__ import annotations

from sqlalchemy import select, update

from training.extensions import db
from training.sessions.models import TrainingSession


def lock_session(session_id: int) -> TrainingSession:
    """Take the seat lock of a session and return its row, freshly reloaded."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(TrainingSession)
            .where(TrainingSession.id == session_id)
            .values(sequence=TrainingSession.sequence)
            .execution_options(synchronize_session=False)
        )
        stmt = select(TrainingSession).where(TrainingSession.id == session_id)
    else:
        stmt = select(TrainingSession).where(TrainingSession.id == session_id).with_for_update()
    return db.session.scalars(stmt.execution_options(populate_existing=True)).one()


def lock_sessions(session_ids) -> list[TrainingSession]:
    """Take the seat locks of several sessions at once (in id order, so two writers cannot
    deadlock) and return their rows, freshly reloaded, soonest first."""
    ids = sorted(set(session_ids))
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(TrainingSession)
            .where(TrainingSession.id.in_(ids))
            .values(sequence=TrainingSession.sequence)
            .execution_options(synchronize_session=False)
        )
        stmt = select(TrainingSession).where(TrainingSession.id.in_(ids))
    else:
        stmt = (
            select(TrainingSession)
            .where(TrainingSession.id.in_(ids))
            .order_by(TrainingSession.id)
            .with_for_update()
        )
    rows = db.session.scalars(stmt.execution_options(populate_existing=True)).all()
    return sorted(rows, key=lambda s: (s.starts_at, s.id))
