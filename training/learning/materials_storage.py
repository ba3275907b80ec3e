"""Material files on disk: stored by content hash, their type recognised from their bytes.

The folder is the MATERIALS_DIR setting (default ``instance/materials``); a file lives at
``<folder>/<first two hex digits>/<sha256>``, so the same content uploaded twice is kept
once. The type comes from the leading bytes (and, for the zipped slide formats, from the
archive's own type entry), never from the name or the browser's content type.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from training.core.docfmt import SHARE, decimal_in
from training.errors import RuleViolation

CHUNK = 64 * 1024
NAME_MAX = 200
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_VIDEO_MAX_BYTES = 50 * 1024 * 1024

PDF, PNG, JPEG, GIF, WEBP = "pdf", "png", "jpeg", "gif", "webp"
PPTX, ODP, MP4, WEBM = "pptx", "odp", "mp4", "webm"


@dataclass(frozen=True)
class FileType:
    code: str
    content_type: str
    name: str
    extensions: tuple[str, ...]  # the first is the canonical one
    is_video: bool = False
    #: Opened in the browser (inline) rather than saved (attachment).
    inline: bool = True


TYPES = {
    t.code: t
    for t in (
        FileType(PDF, "application/pdf", "PDF", (".pdf",)),
        FileType(PNG, "image/png", "PNG", (".png",)),
        FileType(JPEG, "image/jpeg", "JPEG", (".jpg", ".jpeg", ".jpe")),
        FileType(GIF, "image/gif", "GIF", (".gif",)),
        FileType(WEBP, "image/webp", "WebP", (".webp",)),
        FileType(
            PPTX,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint (PPTX)",
            (".pptx",),
            inline=False,
        ),
        FileType(
            ODP,
            "application/vnd.oasis.opendocument.presentation",
            "OpenDocument (ODP)",
            (".odp",),
            inline=False,
        ),
        FileType(MP4, "video/mp4", "MP4", (".mp4", ".m4v"), is_video=True),
        FileType(WEBM, "video/webm", "WebM", (".webm",), is_video=True),
    )
}
#: Every extension some accepted type uses (a name ending in one must match the content).
KNOWN_EXTENSIONS = {ext: t for t in TYPES.values() for ext in t.extensions}
ACCEPTED_NAMES = ", ".join(t.name for t in TYPES.values())
#: ISO base media brands of ordinary MP4 video (not HEIF images, not QuickTime).
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V "}
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"


def type_of(content_type: str) -> FileType | None:
    """The accepted type stored as ``content_type`` (None for anything else)."""
    return next((t for t in TYPES.values() if t.content_type == content_type), None)


def materials_dir() -> str:
    configured = current_app.config.get("MATERIALS_DIR")
    return configured or os.path.join(current_app.instance_path, "materials")


def max_bytes(*, video: bool = False) -> int:
    if video:
        return int(current_app.config.get("MATERIALS_VIDEO_MAX_BYTES", DEFAULT_VIDEO_MAX_BYTES))
    return int(current_app.config.get("MATERIALS_MAX_BYTES", DEFAULT_MAX_BYTES))


def read_limit() -> int:
    """Bytes read from an upload at most: the larger limit plus one (to see it is over)."""
    return max(max_bytes(), max_bytes(video=True)) + 1


def path_of(sha256: str) -> str:
    return os.path.join(materials_dir(), sha256[:2], sha256)


def sniff(head: bytes, path: str | None = None) -> FileType | None:
    """The accepted type of a file from its first bytes (``path`` to look inside a ZIP)."""
    if head.startswith(b"%PDF-"):
        return TYPES[PDF]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES[PNG]
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES[JPEG]
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return TYPES[GIF]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return TYPES[WEBP]
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return TYPES[MP4]
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return TYPES[WEBM]
    if head.startswith(b"PK\x03\x04") and path is not None:
        return _sniff_zip(path)
    return None


def _sniff_zip(path: str) -> FileType | None:
    """PPTX (has ppt/presentation.xml) or ODP (its "mimetype" entry says so)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "ppt/presentation.xml" in names and "[Content_Types].xml" in names:
                return TYPES[PPTX]
            if "mimetype" in names and archive.read("mimetype").strip() == ODP_MIMETYPE:
                return TYPES[ODP]
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


@dataclass(frozen=True)
class Received:
    """An upload written to a temporary file of the materials folder, not yet kept."""

    temp_path: str
    size: int
    sha256: str
    file_type: FileType | None


def receive(stream: BinaryIO) -> Received:
    """Copy ``stream`` (at most ``read_limit()`` bytes) to a temporary file, hashing it."""
    folder = materials_dir()
    os.makedirs(folder, exist_ok=True)
    digest, size, limit = hashlib.sha256(), 0, read_limit()
    handle, temp_path = tempfile.mkstemp(prefix=".upload-", dir=folder)
    head = b""
    with os.fdopen(handle, "wb") as out:
        while size < limit:
            chunk = stream.read(min(CHUNK, limit - size))
            if not chunk:
                break
            if len(head) < 64:
                head += chunk[: 64 - len(head)]
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return Received(temp_path, size, digest.hexdigest(), sniff(head, temp_path))


def keep(received: Received) -> str:
    """Move the received file to its content-addressed place; return that path."""
    target = path_of(received.sha256)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.replace(received.temp_path, target)
    return target


def discard(received: Received) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(received.temp_path)


def remove(sha256: str) -> None:
    """Delete a stored file (the caller has checked that no item refers to it any more)."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(path_of(sha256))


def clean_filename(filename: str, file_type: FileType) -> str:
    """A safe name without path parts, ending in the real type's extension."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem, ext = os.path.splitext(base)
    ext = ext.lower() if ext.lower() in file_type.extensions else file_type.extensions[0]
    stem = secure_filename(stem).strip("._") or "materi"
    return stem[: NAME_MAX - len(ext)] + ext


def check(received: Received, filename: str, shown: str) -> FileType:
    """The accepted type of an upload; RuleViolation with the reason otherwise."""
    if received.size == 0:
        raise RuleViolation(_("Berkas %(name)s kosong.", name=shown))
    file_type = received.file_type
    if file_type is None:
        raise RuleViolation(
            _(
                "Berkas %(name)s tidak diterima: isinya bukan %(types)s (jenis berkas dikenali "
                "dari isinya, bukan dari namanya).",
                name=shown,
                types=ACCEPTED_NAMES,
            )
        )
    ext = os.path.splitext(filename or "")[1].lower()
    if ext and ext not in file_type.extensions:
        raise RuleViolation(
            _(
                "Berkas %(name)s tidak diterima: isinya %(type)s, tidak cocok dengan "
                "akhiran namanya (%(ext)s).",
                name=shown,
                type=file_type.name,
                ext=ext,
            )
        )
    limit = max_bytes(video=file_type.is_video)
    if received.size > limit:
        raise RuleViolation(
            _(
                "Berkas %(name)s terlalu besar; paling besar %(max)s untuk berkas %(type)s.",
                name=shown,
                max=format_size(limit),
                type=file_type.name,
            )
        )
    return file_type


def format_size(size: int) -> str:
    """E.g. "20 MB", "1,5 MB", "120 KB"."""
    if size >= 1024 * 1024:
        mb = size / (1024 * 1024)
        return f"{decimal_in(mb, str(get_locale() or 'id'), SHARE)} MB"
    return f"{max(1, round(size / 1024))} KB"
