"""SQLite backup and restore through SQLite's online backup API.

The backup holds one read transaction for its whole run, so in WAL mode it copies one
consistent snapshot while the application keeps reading and writing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from urllib.parse import quote

from flask_babel import gettext as _

from training.ops.files import BackupError, atomic_output, remove_quietly

#: Progress callback: (pages done, pages in total).
Progress = Callable[[int, int], None]

HEADER = b"SQLite format 3\x00"
STEP_PAGES = 2048  # 8 MB a step at the default 4 KB page size: enough progress reports


def backup(source: str, dest: str, progress: Progress, pages: int = STEP_PAGES) -> str:
    """Copy the live database ``source`` to ``dest``; return the copy's migration revision."""
    if not os.path.isfile(source):
        raise BackupError(_("Berkas basis data %(path)s tidak ada.", path=source))
    if os.path.exists(dest) and os.path.samefile(source, dest):
        raise BackupError(_("Cadangan tidak boleh ditulis ke berkas basis data itu sendiri."))
    with atomic_output(dest) as part:
        try:
            src = sqlite3.connect(source, timeout=30, isolation_level=None)
            try:
                src.execute("BEGIN")  # one snapshot for the whole copy
                src.execute("SELECT count(*) FROM sqlite_master").fetchone()
                _copy(src, part, progress, pages)
                src.execute("ROLLBACK")
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise BackupError(_("Pencadangan gagal: %(reason)s", reason=_reason(exc))) from exc
        revision = read_revision(part)
        if revision is None:
            raise BackupError(
                _(
                    "Basis data %(path)s belum dimigrasi (tabel alembic_version tidak ada).",
                    path=source,
                )
            )
    return revision


def restore(source: str, target: str, progress: Progress) -> str:
    """Replace the database file ``target`` by the backup ``source``; return its revision.

    The backup is copied next to ``target`` first and renamed over it at the end, so a
    failure leaves the old database untouched. The application must be stopped.
    """
    revision = check_backup_file(source)
    mode = os.stat(target).st_mode & 0o777 if os.path.exists(target) else 0o600
    with atomic_output(target, suffix=".restore-part", mode=mode) as part:
        try:
            src = sqlite3.connect(f"file:{quote(os.path.abspath(source))}?mode=ro", uri=True)
            try:
                _copy(src, part, progress, STEP_PAGES)
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise BackupError(_("Pemulihan gagal: %(reason)s", reason=_reason(exc))) from exc
        if read_revision(part) != revision:
            raise BackupError(_("Salinan sementara tidak cocok dengan cadangan."))
        _release(target)
    return revision


def check_backup_file(path: str) -> str:
    """Return the migration revision of a SQLite backup of this app, or raise BackupError."""
    if not os.path.isfile(path):
        raise BackupError(_("Berkas %(path)s tidak ada.", path=path))
    with open(path, "rb") as handle:
        header = handle.read(len(HEADER))
    if header != HEADER:
        raise BackupError(
            _("Berkas %(path)s bukan basis data SQLite; pemulihan ditolak.", path=path)
        )
    try:
        revision = read_revision(path)
    except sqlite3.Error as exc:
        raise BackupError(
            _("Berkas %(path)s tidak bisa dibaca: %(reason)s", path=path, reason=str(exc))
        ) from exc
    if revision is None:
        raise BackupError(
            _(
                "Berkas %(path)s bukan cadangan aplikasi ini (tidak ada tabel alembic_version); "
                "pemulihan ditolak.",
                path=path,
            )
        )
    return revision


def read_revision(path: str) -> str | None:
    """The alembic revision stored in the SQLite file ``path`` (None without the table)."""
    connection = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=ro", uri=True)
    try:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if not found:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        connection.close()


def _copy(src: sqlite3.Connection, dest_path: str, progress: Progress, pages: int) -> None:
    dest = sqlite3.connect(dest_path, isolation_level=None)
    try:
        src.backup(
            dest,
            pages=pages,
            progress=lambda _status, remaining, total: progress(total - remaining, total),
        )
        # a backup is a single self-contained file, not a WAL database with side files
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


def _release(target: str) -> None:
    """Fold the target's WAL into it and remove its side files before the rename.

    A left-over ``-wal`` or hot ``-journal`` would otherwise be replayed onto the restored
    file. A checkpoint that cannot finish means another process is using the database.
    """
    if os.path.exists(target):
        try:
            connection = sqlite3.connect(target, timeout=1, isolation_level=None)
            try:
                busy, _log, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                connection.close()
        except sqlite3.Error as exc:
            raise BackupError(
                _("Basis data tujuan tidak bisa dibuka: %(reason)s", reason=str(exc))
            ) from exc
        if busy:
            raise BackupError(
                _("Basis data sedang dipakai. Hentikan aplikasi lalu ulangi pemulihan.")
            )
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            remove_quietly(target + suffix)


def _reason(exc: sqlite3.Error) -> str:
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or "disk is full" in str(exc):
        return _("ruang penyimpanan penuh")
    return str(exc)
