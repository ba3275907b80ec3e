"""Migrations build the schema the models describe and keep data across upgrades."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from tests.conftest import TEST_DATABASE_URL, make_app
from tests.scratch import scratch_database
from training.extensions import db


def _revisions(app):
    config = app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config)
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_migrations_match_the_models(tmp_path):
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
            db.engine.dispose()

    assert diff == []


def test_each_upgrade_keeps_existing_rows(tmp_path):
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            first, *later = _revisions(app)
            upgrade(revision=first)
            with db.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO unit (id, code, name, level, unit_type, path, timezone,"
                        " is_synthetic) VALUES (1, '00', 'Mabes Polri', 'mabes', 'Mabes Polri',"
                        " '/1/', 'Asia/Jakarta', false)"
                    )
                )
            for revision in later:
                upgrade(revision=revision)
            with db.engine.connect() as connection:
                rows = connection.execute(text("SELECT code, name, path FROM unit")).all()
            db.engine.dispose()

    assert [tuple(r) for r in rows] == [("00", "Mabes Polri", "/1/")]


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            downgrade(revision="base")
            upgrade()
            with db.engine.connect() as connection:
                current = MigrationContext.configure(connection).get_current_revision()
            head = _revisions(app)[-1]
            db.engine.dispose()

    assert current == head
