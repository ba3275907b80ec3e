"""flask backup / restore: a full round trip compared table by table, and the refusals."""

import errno
import os
import resource
import socket
import sqlite3
import stat
import subprocess

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text

from tests.conftest import TEST_DATABASE_URL, make_app
from tests.scratch import scratch_database
from training.extensions import db
from training.ops import pg_backup, sqlite_backup
from training.ops.files import BackupError, remove_quietly

ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")


def _cli(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def _close(app):
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _snapshot(url) -> dict[str, list[tuple]]:
    """Every row of every table of the app (and alembic_version), in primary-key order."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        select(table).order_by(*(table.primary_key.columns or table.columns))
                    )
                ]
                for table in db.metadata.sorted_tables
            }
            rows["alembic_version"] = [
                tuple(row) for row in connection.execute(text("SELECT * FROM alembic_version"))
            ]
    finally:
        engine.dispose()
    return rows


def _tables(url) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if url.startswith("sqlite"):
                sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
            else:
                sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            return sorted(connection.execute(text(sql)).scalars())
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A migrated database filled by `flask seed-demo` (built once for the module)."""
    tmp = tmp_path_factory.mktemp("backup-source")
    with scratch_database(TEST_DATABASE_URL, str(tmp)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
        result = _cli(app, "seed-demo")
        assert result.exit_code == 0, result.output + result.stderr
        yield app, url
        _close(app)


@pytest.fixture(scope="module")
def _target(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("backup-target")
    with scratch_database(TEST_DATABASE_URL, str(tmp)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        yield app, url
        _close(app)


@pytest.fixture
def empty(_target):
    """An empty database (no tables) of the same kind, and an app on it.

    One database serves the module, emptied before each test: creating and dropping a
    PostgreSQL database costs seconds on a busy machine.
    """
    app, url = _target
    _close(app)
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            remove_quietly(url.removeprefix("sqlite:///") + suffix)
    else:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    return app, url


def _hold_uncommitted_change(url):
    """Open a second connection that renames a person without committing; return it."""
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE person SET full_name = 'Belum Disimpan' WHERE id = 1")
        return connection
    engine = create_engine(url)
    connection = engine.connect()
    connection.execute(text("UPDATE person SET full_name = 'Belum Disimpan' WHERE id = 1"))
    connection.engine_to_dispose = engine
    return connection


def _release(connection):
    connection.commit()
    connection.close()
    engine = getattr(connection, "engine_to_dispose", None)
    if engine is not None:
        engine.dispose()


def test_round_trip_restores_every_table_row_for_row(source, empty, tmp_path):
    app, url = source
    target_app, target_url = empty
    before = _snapshot(url)
    path = tmp_path / "cadangan.bak"

    writer = _hold_uncommitted_change(url)  # the app keeps writing during the backup
    try:
        backed_up = _cli(app, "backup", str(path))
    finally:
        _release(writer)
    restored = _cli(target_app, "restore", str(path), "--yes")

    assert backed_up.exit_code == 0, backed_up.stderr
    assert restored.exit_code == 0, restored.stderr
    assert "Cadangan tersimpan di" in backed_up.output
    assert "Basis data dipulihkan" in restored.output
    after = _snapshot(target_url)
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
    # the data is real: the demo tree, people, accounts and a programme
    assert len(before["unit"]) > 900 and len(before["person"]) > 4000
    assert len(before["user"]) >= 6 and before["program"]
    assert sum(map(len, before.values())) > 10_000
    assert before["alembic_version"] == _snapshot(url)["alembic_version"]
    # the uncommitted change was not copied, but it did reach the source afterwards
    assert not any("Belum Disimpan" in map(str, row) for row in after["person"])
    assert any("Belum Disimpan" in map(str, row) for row in _snapshot(url)["person"])
    assert not os.path.exists(str(path) + ".part")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # hashes and personal data inside


def test_restore_refuses_a_file_that_is_not_a_database(empty, tmp_path):
    app, url = empty
    junk = tmp_path / "bukan.bak"
    junk.write_text("ini bukan cadangan\n" * 100)

    result = _cli(app, "restore", str(junk), "--yes")

    assert result.exit_code == 1
    assert "pemulihan ditolak" in result.stderr
    assert _tables(url) == []


def test_restore_refuses_a_database_of_another_application(empty, tmp_path):
    app, url = empty
    other = tmp_path / "lain.bak"
    if ON_POSTGRES:  # a dump of a database with one foreign table, then emptied again
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE catatan (id integer primary key)"))
        libpq, env = pg_backup.libpq_target(engine.url)
        subprocess.run(
            ["pg_dump", "--format=custom", f"--file={other}", f"--dbname={libpq}"],
            env=env,
            check=True,
        )
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE catatan"))
        engine.dispose()
    else:
        connection = sqlite3.connect(other)
        connection.execute("CREATE TABLE catatan (id integer primary key)")
        connection.commit()
        connection.close()

    result = _cli(app, "restore", str(other), "--yes")

    assert result.exit_code == 1
    assert "alembic_version" in result.stderr and "ditolak" in result.stderr
    assert _tables(url) == []


def test_restore_asks_first_and_a_no_changes_nothing(source, empty, tmp_path):
    app, _url = source
    target_app, target_url = empty
    path = tmp_path / "cadangan.bak"
    assert _cli(app, "backup", str(path)).exit_code == 0

    declined = _cli(target_app, "restore", str(path), input="n\n")
    no_answer = _cli(target_app, "restore", str(path), input="")

    assert "DIGANTI" in declined.output
    assert declined.exit_code == 1 and no_answer.exit_code == 1
    assert "Pemulihan dibatalkan" in declined.stderr
    assert _tables(target_url) == []


@pytest.mark.parametrize("where", ["missing-folder", "folder-is-a-file"])
def test_backup_to_an_unwritable_place_fails_cleanly(source, tmp_path, where):
    app, _url = source
    (tmp_path / "berkas").write_text("x")
    parent = tmp_path / ("tidak-ada" if where == "missing-folder" else "berkas")
    path = parent / "cadangan.bak"

    result = _cli(app, "backup", str(path))

    assert result.exit_code == 1
    assert "Cadangan tersimpan" not in result.output
    assert ("tidak ada" in result.stderr) or ("Tidak bisa menulis" in result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["berkas"]


def test_failed_backup_leaves_no_file_behind(empty, tmp_path):
    app, _url = empty  # not migrated: no alembic_version, so the backup is refused
    if not ON_POSTGRES:
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(text("CREATE TABLE catatan (id integer primary key)"))
    path = tmp_path / "cadangan.bak"

    result = _cli(app, "backup", str(path))

    assert result.exit_code == 1
    assert "alembic_version" in result.stderr
    assert not path.exists() and not (tmp_path / "cadangan.bak.part").exists()


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite file rules")
def test_backup_refuses_to_overwrite_the_live_database(source):
    app, url = source
    live = url.removeprefix("sqlite:///")
    before = os.path.getsize(live)

    result = _cli(app, "backup", live)

    assert result.exit_code == 1
    assert os.path.getsize(live) == before


def test_postgres_url_becomes_a_libpq_url_with_the_password_in_the_environment():
    url = create_engine(
        "postgresql+psycopg://op%40polri:s3cr%2Ft@db.local:6543/presisi?sslmode=require"
    ).url

    libpq, env = pg_backup.libpq_target(url)

    assert libpq == "postgresql://op%40polri@db.local:6543/presisi?sslmode=require"
    assert "s3cr" not in libpq
    assert env["PGPASSWORD"] == "s3cr/t"


def test_pg_client_version_must_not_be_older_than_the_server(app):
    assert pg_backup.client_major("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)") == 1500
    assert pg_backup.client_major("pg_dump (PostgreSQL) 9.6.24") == 906
    assert pg_backup.client_major("pg_dump (PostgreSQL) 17devel") == 1700
    pg_backup.check_client_version("pg_dump", "pg_dump (PostgreSQL) 16.4", 1500)
    with pytest.raises(BackupError, match="pg_dump versi 14 lebih lama dari server .* 16"):
        pg_backup.check_client_version("pg_dump", "pg_dump (PostgreSQL) 14.9", 1600)


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL")
def test_missing_pg_dump_is_a_clear_error(source, tmp_path, monkeypatch):
    app, _url = source
    monkeypatch.setitem(app.config, "PG_BIN", str(tmp_path))  # without the client tools
    path = tmp_path / "cadangan.bak"

    result = _cli(app, "backup", str(path))

    assert result.exit_code == 1
    assert "pg_dump tidak ditemukan" in result.stderr
    assert not path.exists()


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite online backup")
def test_sqlite_backup_copies_one_snapshot_while_another_process_commits(source, tmp_path):
    app, url = source
    live = url.removeprefix("sqlite:///")
    name_before = _snapshot(url)["person"][1]
    steps = []

    def commit_during_backup(done, total):
        if not steps:  # after the first step: another connection commits a change
            other = sqlite3.connect(live, isolation_level=None)
            other.execute("UPDATE person SET full_name = 'Ditulis Saat Cadangan' WHERE id = 2")
            other.close()
        steps.append((done, total))

    with app.app_context():
        sqlite_backup.backup(live, str(tmp_path / "c.bak"), commit_during_backup, pages=50)

    copy = _snapshot("sqlite:///" + str(tmp_path / "c.bak"))
    assert len(steps) > 5 and steps[-1][0] == steps[-1][1]
    assert copy["person"][1] == name_before
    assert "Ditulis Saat Cadangan" in map(str, _snapshot(url)["person"][1])


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite file rules")
def test_restore_refuses_a_database_that_is_being_written(source, tmp_path):
    app, _url = source
    path = tmp_path / "cadangan.bak"
    assert _cli(app, "backup", str(path)).exit_code == 0
    target = tmp_path / "dipakai.sqlite"
    writer = sqlite3.connect(target, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE catatan (id integer primary key)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO catatan VALUES (1)")
    target_app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{target}")
    try:
        result = _cli(target_app, "restore", str(path), "--yes")
    finally:
        writer.execute("COMMIT")
        writer.close()
        _close(target_app)

    assert result.exit_code == 1
    assert "sedang dipakai" in result.stderr
    assert _tables(f"sqlite:///{target}") == ["catatan"]
    assert not (tmp_path / "dipakai.sqlite.restore-part").exists()


def test_backup_of_an_unreachable_postgres_fails_cleanly(tmp_path):
    path = tmp_path / "cadangan.bak"
    with socket.socket() as closed:  # bound, not listening: connections are refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        app = make_app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@127.0.0.1:{port}/x")
        result = _cli(app, "backup", str(path))
        _close(app)

    assert result.exit_code == 1
    assert "Tidak bisa terhubung ke basis data" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_restore_over_a_changed_database_brings_back_the_backup(source, tmp_path):
    app, url = source
    path = tmp_path / "cadangan.bak"
    assert _cli(app, "backup", str(path)).exit_code == 0
    backed_up = _snapshot(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM certificate"))
        connection.execute(text("UPDATE unit SET name = 'Diubah Sesudah Cadangan'"))
    engine.dispose()
    assert _snapshot(url) != backed_up

    result = _cli(app, "restore", str(path), "--yes")

    assert result.exit_code == 0, result.stderr
    assert _snapshot(url) == backed_up
    assert backed_up["certificate"]


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL")
def test_pg_backup_reports_progress_table_by_table(source, tmp_path):
    app, _url = source
    steps = []

    with app.app_context():
        pg_backup.backup(db.engine, str(tmp_path / "c.bak"), lambda d, t: steps.append((d, t)))
        db.engine.dispose()

    total = steps[0][1]
    assert total >= len(db.metadata.tables) + 1  # every table and alembic_version
    assert [done for done, _ in steps[1:-1]] == list(range(1, total + 1))
    assert steps[-1] == (total, total)


DISK_BYTES = 256 * 1024


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a "disk" that takes 256 KB: while the fixture is active no file of this
    process (or of a tool it starts, such as pg_dump) may grow beyond that (RLIMIT_FSIZE).
    Writing past it fails for real in the kernel, mid-file, as on a full disk, with no mount
    (which containers refuse) and no privilege."""
    where = tmp_path / "kecil"
    where.mkdir()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (DISK_BYTES, hard))
    try:
        yield where
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_the_small_disk_refuses_a_write_past_its_size(small_disk):
    fd = os.open(small_disk / "besar", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        assert os.write(fd, b"x" * DISK_BYTES) == DISK_BYTES
        with pytest.raises(OSError) as error:
            os.write(fd, b"x")
    finally:
        os.close(fd)

    assert error.value.errno == errno.EFBIG


def test_backup_onto_a_full_disk_fails_cleanly_and_leaves_nothing(source, small_disk):
    app, _url = source

    result = _cli(app, "backup", str(small_disk / "cadangan.bak"))

    assert _database_bytes(app) > DISK_BYTES  # the copy cannot fit: it fails mid-file
    assert result.exit_code == 1
    assert "Pencadangan gagal" in result.stderr, result.stderr
    assert list(small_disk.iterdir()) == []


def _database_bytes(app) -> int:
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            return os.path.getsize(db.engine.url.database)
        with db.engine.connect() as connection:
            return connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
