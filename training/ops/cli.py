"""flask backup PATH / flask restore PATH [--yes]: SQLite online backup or pg_dump."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _

from training.extensions import db
from training.ops import pg_backup, sqlite_backup
from training.ops.files import BackupError, human_size


def register(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Back up the database to PATH (SQLite: online backup API; PostgreSQL: pg_dump)."""
    engine = db.engine
    dest = str(path)
    try:
        with _progress(_("Mencadangkan")) as progress:
            if engine.dialect.name == "sqlite":
                sqlite_backup.backup(_sqlite_file(), dest, progress)
            elif engine.dialect.name == "postgresql":
                pg_backup.backup(engine, dest, progress)
            else:
                raise BackupError(_unsupported())
    except BackupError as exc:
        _fail(str(exc))
    click.echo(
        _(
            "Cadangan tersimpan di %(path)s (%(size)s).",
            path=dest,
            size=human_size(os.path.getsize(dest)),
        )
    )


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the whole database by the backup at PATH (stop the app servers first)."""
    engine = db.engine
    source = str(path)
    if not yes:
        question = _(
            "Seluruh isi basis data %(target)s akan DIGANTI dengan isi %(path)s. Hentikan "
            "server aplikasi lebih dulu. Lanjutkan?",
            target=engine.url.render_as_string(hide_password=True),
            path=source,
        )
        try:
            confirmed = click.confirm(question, default=False)
        except click.Abort:
            confirmed = False
        if not confirmed:
            _fail(_("Pemulihan dibatalkan; basis data tidak diubah. Pakai --yes untuk skrip."))
    db.session.remove()
    engine.dispose()
    try:
        with _progress(_("Memulihkan")) as progress:
            if engine.dialect.name == "sqlite":
                revision = sqlite_backup.restore(source, _sqlite_file(), progress)
            elif engine.dialect.name == "postgresql":
                revision = pg_backup.restore(engine, source, progress)
            else:
                raise BackupError(_unsupported())
    except BackupError as exc:
        _fail(str(exc))
    finally:
        engine.dispose()
    click.echo(
        _(
            "Basis data dipulihkan dari %(path)s (revisi migrasi %(revision)s). Jalankan "
            "'flask db upgrade' bila cadangan berasal dari versi aplikasi yang lebih lama, "
            "lalu mulai ulang server aplikasi.",
            path=source,
            revision=revision,
        )
    )


def _sqlite_file() -> str:
    name = db.engine.url.database
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        raise BackupError(_("Basis data SQLite di memori tidak bisa dicadangkan atau dipulihkan."))
    return os.path.abspath(name)


def _unsupported() -> str:
    return _(
        "Jenis basis data %(name)s tidak didukung; hanya SQLite dan PostgreSQL.",
        name=db.engine.dialect.name,
    )


def _fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(1)


@contextlib.contextmanager
def _progress(label: str) -> Iterator:
    """Yield a (done, total) callback that drives a click progress bar once total is known."""
    state: dict = {"bar": None, "done": 0}

    def report(done: int, total: int) -> None:
        bar = state["bar"]
        if bar is None:
            bar = state["bar"] = click.progressbar(length=max(total, 1), label=label)
            bar.__enter__()
        bar.update(max(done - state["done"], 0))
        state["done"] = done

    try:
        yield report
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)
