"""Write a file under a temporary ``.part`` name and rename it into place at the end."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from flask_babel import gettext as _


class BackupError(Exception):
    """A backup or restore failed; the message (Indonesian) is shown to the operator."""


@contextlib.contextmanager
def atomic_output(path: str, suffix: str = ".part", mode: int = 0o600) -> Iterator[str]:
    """Yield ``path + suffix`` to write; on success fsync and rename it to ``path``.

    On any failure the partial file is removed, so ``path`` is either the old file (or
    absent) or the complete new one, never half written. The file is created with ``mode``
    (owner only by default: a backup holds password hashes and personal data).
    """
    part = path + suffix
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise BackupError(_("Folder %(dir)s tidak ada.", dir=directory))
    remove_quietly(part)
    try:
        os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode))
        os.chmod(part, mode)  # whatever the umask
    except OSError as exc:
        raise BackupError(
            _("Tidak bisa menulis ke %(path)s: %(reason)s", path=part, reason=exc.strerror)
        ) from exc
    try:
        yield part
        _fsync(part)
        os.replace(part, path)
        _fsync_directory(directory)
    except OSError as exc:  # e.g. the disk filled up
        _remove_part(part)
        raise BackupError(
            _("Tidak bisa menulis ke %(path)s: %(reason)s", path=path, reason=exc.strerror or exc)
        ) from exc
    except BaseException:
        _remove_part(part)
        raise


def _remove_part(part: str) -> None:
    """Remove a partial file and the side files SQLite may have left next to it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        remove_quietly(part + suffix)


def remove_quietly(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(directory: str) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a directory be synced
        _fsync(directory)


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"
