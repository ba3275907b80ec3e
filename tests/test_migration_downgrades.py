"""Downgrades work on a database holding data (SQLite: batch table rebuilds with foreign
keys off for the run, all in one transaction; PostgreSQL: plain DDL), one step at a time
down to base, and leave no temporary tables behind."""

from datetime import UTC, datetime

import pytest
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from tests import factories
from tests.conftest import TEST_DATABASE_URL, make_app
from tests.scratch import scratch_database
from tests.test_migrations import _revisions
from training.attendance import services as attendance
from training.certificates.models import OutboxMessage
from training.certificates.services import issue_certificate
from training.extensions import db

NOW = datetime(2026, 11, 3, 5, 0, tzinfo=UTC)


def _fill() -> None:
    """Rows in the tables other tables point at (unit, person, user, course, session...)."""
    tree = factories.make_tree()
    person = factories.make_person(tree["polsek_a"], email="peserta@polri.go.id")
    admin = factories.make_user(roles=("admin",), unit=tree["polda_a"])
    trainer = factories.make_user(roles=("trainer",), person=person)
    course = factories.make_course(factories.make_program())
    session = factories.make_session(course, tree["polres_a"])
    factories.enrol(session, person)
    attendance.save_roll_call(
        session, [attendance.Mark(person.id, "hadir")], actor=trainer, now=NOW
    )
    graduate = factories.make_person(tree["polsek_a"])
    factories.make_course_status(graduate, course)
    certificate = issue_certificate(graduate, course, actor=admin, today=NOW.date())
    db.session.add(
        OutboxMessage(
            kind="uji",
            recipient=person.email,
            subject="Uji",
            body="Isi",
            certificate_id=certificate.id,
            person_id=person.id,
            created_at=NOW,
            attempts=0,
            last_error="",
        )
    )
    db.session.commit()


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def _count(table: str) -> int:
    with db.engine.connect() as connection:
        return connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()


def test_downgrade_step_by_step_to_base_with_data(tmp_path):
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            _fill()
            units, people, users = _count("unit"), _count("person"), _count("user")
            db.session.remove()
            revisions = _revisions(app)
            steps = []
            for target in [*reversed(revisions[:-1]), "base"]:
                downgrade(revision=target)
                with db.engine.connect() as connection:
                    current = MigrationContext.configure(connection).get_current_revision()
                tables = _tables()
                steps.append((current, sorted(t for t in tables if t.startswith("_alembic_tmp"))))
                if target == revisions[0]:
                    kept = (_count("unit"), _count("person"), _count("user"))
            left = _tables() - {"alembic_version"}
            db.engine.dispose()

    assert steps == [(rev, []) for rev in [*reversed(revisions[:-1]), None]]
    assert kept == (units, people, users)  # the first revision's tables keep their rows
    assert left == set()


def _sqlite_only():
    if not TEST_DATABASE_URL.startswith("sqlite"):
        pytest.skip("SQLite table rebuilds")


def test_a_failing_downgrade_rolls_back_completely(tmp_path):
    """SQLite: a rebuild that fails after its DROP TABLE (a view needs the dropped column, so
    the rename fails) rolls back: the table and its rows are back, no copy is left."""
    _sqlite_only()
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            _fill()
            users = _count("user")
            db.session.remove()
            with db.engine.begin() as connection:
                connection.exec_driver_sql(
                    'CREATE VIEW locked_users AS SELECT locked_until FROM "user"'
                )
            before = _revisions(app)[-1]
            below_lockout = "46b85a8eacf3"  # the lockout migration drops user.locked_until
            try:
                downgrade(revision=below_lockout)
            except Exception as exc:  # noqa: BLE001 - any failure; what matters is after
                failure = str(exc)
            else:
                failure = ""
            with db.engine.connect() as connection:
                current = MigrationContext.configure(connection).get_current_revision()
                foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
            tables = _tables()
            kept = _count("user")
            db.engine.dispose()

    assert "locked_users" in failure
    assert current == before
    assert [t for t in tables if t.startswith("_alembic_tmp")] == []
    assert kept == users
    assert foreign_keys == 1  # the pooled connection has its foreign keys back


def test_a_copy_left_by_an_earlier_failed_run_does_not_block_downgrades(tmp_path):
    _sqlite_only()
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            _fill()
            db.session.remove()
            with db.engine.begin() as connection:  # what the old failure left behind
                connection.exec_driver_sql('CREATE TABLE _alembic_tmp_user AS SELECT * FROM "user"')
            target = _revisions(app)[-3]
            downgrade(revision=target)
            with db.engine.connect() as connection:
                current = MigrationContext.configure(connection).get_current_revision()
            tables = _tables()
            db.engine.dispose()

    assert current == target
    assert [t for t in tables if t.startswith("_alembic_tmp")] == []
