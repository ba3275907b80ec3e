"""Health check: database reachability and migration state."""

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import Migrate
from sqlalchemy import text

from training.extensions import db

_HEAD_KEY = "training.migration_head"


def database_status() -> dict:
    """Return {"database": "ok"|"error", "migration": {...}} without raising."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_revision()
    except Exception as exc:  # any driver error means "unreachable"
        return {"database": "error", "detail": type(exc).__name__}
    head = _head_revision()
    return {
        "database": "ok",
        "migration": {"current": current, "head": head, "up_to_date": current == head},
    }


def _head_revision() -> str | None:
    """The newest migration revision, read from the scripts once per app (they only change
    with a deployment, which restarts the processes): parsing them took most of a check."""
    head = current_app.extensions.get(_HEAD_KEY)
    if head is None:
        migrate: Migrate = current_app.extensions["migrate"].migrate
        head = ScriptDirectory.from_config(migrate.get_config()).get_current_head()
        current_app.extensions[_HEAD_KEY] = head
    return head
