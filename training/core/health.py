"""Health check: database reachability and migration state."""

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import Migrate
from sqlalchemy import text

from training.extensions import db


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
    migrate: Migrate = current_app.extensions["migrate"].migrate
    config = migrate.get_config()
    return ScriptDirectory.from_config(config).get_current_head()
