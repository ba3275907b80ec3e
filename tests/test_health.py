"""GET /health: public, fast, database reachability and migration state, nothing more."""

import socket

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from tests.conftest import TEST_DATABASE_URL, make_app
from tests.scratch import scratch_database
from tests.statements import count_statements
from training.extensions import db


def _revisions(app):
    config = app.extensions["migrate"].migrate.get_config()
    return [
        r.revision for r in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))
    ]


@pytest.fixture
def migrated(tmp_path):
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            yield app
            db.session.remove()
            db.engine.dispose()


def test_up_to_date_schema_is_reported_to_anyone_without_extra_details(migrated):
    head = _revisions(migrated)[-1]

    response = migrated.test_client().get("/health")

    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "database": "ok",
        "migration": {"current": head, "head": head, "up_to_date": True},
    }
    assert response.headers["Content-Type"] == "application/json"


def test_schema_one_revision_behind_is_not_up_to_date(migrated):
    *_, previous, head = _revisions(migrated)
    downgrade(revision="-1")

    response = migrated.test_client().get("/health")

    assert response.status_code == 200
    assert response.json["database"] == "ok"
    assert response.json["migration"] == {
        "current": previous,
        "head": head,
        "up_to_date": False,
    }


def test_database_without_migrations_is_not_up_to_date(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json["migration"]["current"] is None
    assert response.json["migration"]["up_to_date"] is False


def test_unreachable_postgres_gives_503_naming_only_the_error_kind():
    # a socket bound but not listening: connections to its port are refused at once
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        app = make_app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@127.0.0.1:{port}/x")
        with app.app_context():
            response = app.test_client().get("/health")
            db.engine.dispose()

    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "error", "detail": "OperationalError"}


def test_health_check_sends_few_statements_and_parses_the_scripts_once(migrated):
    client = migrated.test_client()
    client.get("/health")

    with count_statements() as statements:
        response = client.get("/health")

    assert response.status_code == 200
    assert len(statements) <= 3, statements
    assert migrated.extensions["training.migration_head"] == _revisions(migrated)[-1]
