"""Uploads waiting for confirmation, and error lists waiting for download, kept on disk.

Each entry is a file of bytes plus a small JSON note, named by a random token, bound to
the user who made it and to a purpose (an import's name); it expires after
IMPORT_PENDING_MINUTES. A user keeps at most one entry per purpose (a new one replaces the
old), so the folder stays bounded by users x imports x the upload size limit.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app

_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def _folder() -> Path:
    configured = current_app.config.get("IMPORT_PENDING_DIR")
    folder = Path(configured or os.path.join(current_app.instance_path, "imports"))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _lifetime() -> float:
    return current_app.config["IMPORT_PENDING_MINUTES"] * 60


def _note(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def discard(token: str) -> None:
    if not _TOKEN.fullmatch(token or ""):
        return
    folder = _folder()
    for suffix in (".json", ".bin"):
        (folder / f"{token}{suffix}").unlink(missing_ok=True)


def _sweep(folder: Path, user_id: int, purpose: str) -> None:
    """Drop expired entries, and the user's previous entry for this purpose."""
    oldest = time.time() - _lifetime()
    for path in folder.glob("*.json"):
        note = _note(path)
        stale = note is None or note.get("created", 0) < oldest
        mine = note is not None and (note.get("user"), note.get("purpose")) == (user_id, purpose)
        if stale or mine:
            discard(path.stem)


def stash(user_id: int, purpose: str, data: bytes, **meta) -> str:
    """Keep ``data`` for ``user_id``; return the token that fetches it back."""
    folder = _folder()
    _sweep(folder, user_id, purpose)
    token = secrets.token_urlsafe(32)
    note = {"user": user_id, "purpose": purpose, "created": time.time(), **meta}
    for suffix, content in ((".bin", data), (".json", json.dumps(note).encode())):
        fd = os.open(folder / f"{token}{suffix}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
    return token


def load(token: str, user_id: int, purpose: str) -> tuple[bytes, dict] | None:
    """The data and note kept under ``token`` for this user and purpose, or None."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    folder = _folder()
    note = _note(folder / f"{token}.json")
    if note is None or (note.get("user"), note.get("purpose")) != (user_id, purpose):
        return None
    if note.get("created", 0) < time.time() - _lifetime():
        discard(token)
        return None
    try:
        return (folder / f"{token}.bin").read_bytes(), note
    except OSError:
        return None
