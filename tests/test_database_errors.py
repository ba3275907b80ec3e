"""Database errors: only a lost connection is a 503; a deadlock or serialization failure runs
the view again once; other errors are 500s with their message in the log; a connection that
dies after the view finished does not turn its answer into a 500."""

import logging

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import TEST_DATABASE_URL, make_app
from training.extensions import db

on_postgres = pytest.mark.skipif(
    not TEST_DATABASE_URL.startswith("postgresql"), reason="PostgreSQL SQLSTATEs"
)


def test_a_missing_table_is_a_500_with_the_message_in_the_log_not_a_503(app, client, login, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production, not raise
    login("admin")
    db.session.rollback()  # the fixture's session holds locks that DROP TABLE would wait for
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_entry"))

    with caplog.at_level(logging.ERROR):
        response = client.get("/audit/")

    assert response.status_code == 500
    assert "Basis data sedang tidak dapat dihubungi" not in response.text
    assert "audit_entry" in caplog.text


@on_postgres
def test_a_serialization_failure_runs_the_view_once_more(app, client):
    calls = []

    @app.route("/_race")
    def race():
        calls.append(1)
        if len(calls) == 1:
            db.session.execute(
                text(
                    "DO $$ BEGIN RAISE EXCEPTION 'lost a race' "
                    "USING ERRCODE = 'serialization_failure'; END $$"
                )
            )
        return str(db.session.scalar(text("SELECT 41 + 1")))

    response = client.get("/_race")

    assert (response.status_code, response.text, len(calls)) == (200, "42", 2)


@on_postgres
def test_a_deadlock_twice_in_a_row_is_not_retried_forever(app, client, caplog):
    calls = []

    @app.route("/_deadlock")
    def deadlock():
        calls.append(1)
        db.session.execute(
            text("DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = 'deadlock_detected'; END $$")
        )
        return "never"

    with caplog.at_level(logging.ERROR):
        response = client.get("/_deadlock")

    assert response.status_code == 500 and len(calls) == 2
    assert "deadlock" in caplog.text.lower() or "40P01" in caplog.text


@on_postgres
def test_a_connection_terminated_after_the_view_keeps_its_answer(caplog):
    # An app without the fixture's long-lived app context: each request has its own, and
    # its teardown (where the terminated connection is met) runs as in production.
    app = make_app()
    client = app.test_client()
    killer = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")

    @app.route("/_terminated")
    def terminated():
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        with killer.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return "computed before the connection died"

    try:
        with caplog.at_level(logging.WARNING):
            response = client.get("/_terminated")
            again = client.get("/_terminated")
    finally:
        killer.dispose()
        with app.app_context():
            db.engine.dispose()

    assert (response.status_code, response.text) == (200, "computed before the connection died")
    assert again.status_code == 200
    assert "connection lost after the response" in caplog.text
