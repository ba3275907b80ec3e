"""What a database error means for the request that met it.

- A lost or refused connection (server down, restarting, terminated by the administrator,
  unreachable, SQLite file locked by another writer) is a fault of the moment: the user gets
  the clean 503 page (``training.errors``) and the pool's pre-ping heals the next request.
- A deadlock or a serialization failure is a race another transaction won: the whole view
  runs once more in a fresh transaction before anything is answered.
- Anything else (a missing table after a forgotten upgrade, a bad statement) is a bug: a 500,
  with the message kept in the log.

A connection that dies after the view finished (the teardown's rollback meets a terminated
connection) does not change the answer already computed: the error is logged and the broken
session thrown away, instead of escaping as a 500 from the WSGI server.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from training.extensions import db

#: SQLSTATE classes and codes of connection failures (PostgreSQL).
CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")
#: Deadlock detected, serialization failure: safe to run the transaction again.
RETRY_SQLSTATES = ("40P01", "40001")
#: SQLite's messages for a database it cannot open or another writer holds.
SQLITE_UNAVAILABLE = ("unable to open database", "database is locked", "disk i/o error")


def _sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "sqlstate", None)


def is_retryable(error: Exception) -> bool:
    return isinstance(error, DBAPIError) and _sqlstate(error) in RETRY_SQLSTATES


def is_connection_failure(error: Exception) -> bool:
    """True when the database could not be reached or dropped the connection."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated or isinstance(error, InterfaceError):
        return True
    state = _sqlstate(error)
    if state is not None:
        return state.startswith(CONNECTION_SQLSTATES)
    if not isinstance(error, OperationalError):
        return False
    message = str(error.orig).lower()
    if "sqlite" in type(error.orig).__module__:
        return any(text in message for text in SQLITE_UNAVAILABLE)
    # psycopg raises connection failures without a SQLSTATE ("connection failed: ...",
    # "server closed the connection unexpectedly", "consuming input failed").
    return True


class RetryingFlask(Flask):
    """Flask that runs a view once more after a deadlock or serialization failure."""

    def dispatch_request(self):
        try:
            return super().dispatch_request()
        except DBAPIError as error:
            if not is_retryable(error):
                raise
            current_app.logger.warning(
                "retrying %s %s after %s", request.method, request.path, _sqlstate(error)
            )
            db.session.rollback()
            for upload in request.files.values():
                upload.stream.seek(0)
            return super().dispatch_request()


def init_app(app: Flask) -> None:
    """Register the teardown that closes the session quietly when its connection died.

    Teardown functions run in reverse order of registration, so this one (registered after
    Flask-SQLAlchemy's) runs first and leaves nothing for the extension's own to trip on.
    """

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        try:
            db.session.remove()
        except DBAPIError as error:
            if not is_connection_failure(error):
                raise
            app.logger.warning("connection lost after the response: %s", error.orig)
            db.session.registry.clear()
