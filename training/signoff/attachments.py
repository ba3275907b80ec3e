"""Evidence attached to a readiness report: PDF, PNG or JPEG, checked by their content.

The type comes from the file's first bytes (never the extension or the browser's content
type); the stored name is sanitised and given the extension of the real type. Attachments
change only while the report is editable (draft or returned), by its Polres. Never commits.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from training.audit.services import record
from training.auth.models import User
from training.core.docfmt import SHARE, decimal_in
from training.errors import RuleViolation
from training.extensions import db
from training.signoff.models import ReadinessReport, ReportAttachment
from training.signoff.workflow import lock_editable, require_editable

MAX_FILES = 5
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
NAME_MAX = 200

#: (leading bytes, content type, canonical extension, other accepted extensions)
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf", ()),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png", ()),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg", (".jpeg", ".jpe")),
)


TYPE_NAMES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}


def type_name(content_type: str) -> str:
    return TYPE_NAMES.get(content_type, content_type)


def renamed(original: str, attachment: ReportAttachment) -> bool:
    """Whether the stored name got another extension than the uploaded one (the real type)."""
    return os.path.splitext(original)[1].lower() != os.path.splitext(attachment.filename)[1]


def max_bytes() -> int:
    return int(current_app.config.get("REPORT_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def format_size(size: int) -> str:
    """E.g. "5 MB", "120 KB" (the unit a person reads on a file manager)."""
    if size >= 1024 * 1024:
        mb = size / (1024 * 1024)
        return f"{decimal_in(mb, str(get_locale() or 'id'), SHARE)} MB"
    return f"{max(1, round(size / 1024))} KB"


def sniff(data: bytes) -> tuple[str, str, tuple[str, ...]] | None:
    """(content type, canonical extension, accepted extensions) from the leading bytes."""
    for magic, content_type, extension, others in SIGNATURES:
        if data.startswith(magic):
            return content_type, extension, (extension, *others)
    return None


def clean_filename(filename: str, extension: str, accepted: tuple[str, ...]) -> str:
    """A safe name without path parts that ends in an extension of the real type."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    stem, ext = (stem, dot + ext) if dot else (base, "")
    if ext.lower() not in accepted:
        ext = extension
    stem = secure_filename(stem).strip("._") or "lampiran"
    return stem[: NAME_MAX - len(ext)] + ext.lower()


def add_attachment(
    report: ReadinessReport,
    user: User,
    filename: str,
    data: bytes,
    *,
    now: datetime | None = None,
) -> ReportAttachment:
    """Attach ``data`` to the report after every check; raise RuleViolation otherwise.

    ``data`` may be longer than the limit by one byte (the caller reads limit + 1 bytes so a
    large upload is never read whole).
    """
    require_editable(report, user)
    now = now or datetime.now(UTC)
    lock_editable(report, now)
    db.session.expire(report, ["attachments"])  # count what other requests committed
    shown = filename or _("(tanpa nama)")
    if len(report.attachments) >= MAX_FILES:
        raise RuleViolation(_("Paling banyak %(n)d lampiran per laporan.", n=MAX_FILES))
    if not data:
        raise RuleViolation(_("Berkas %(name)s kosong.", name=shown))
    limit = max_bytes()
    if len(data) > limit:
        raise RuleViolation(
            _(
                "Berkas %(name)s terlalu besar; paling besar %(max)s per berkas.",
                name=shown,
                max=format_size(limit),
            )
        )
    kind = sniff(data)
    if kind is None:
        raise RuleViolation(
            _(
                "Berkas %(name)s bukan PDF, PNG atau JPEG (jenis dikenali dari isi berkas, "
                "bukan dari namanya).",
                name=shown,
            )
        )
    content_type, extension, accepted = kind
    digest = hashlib.sha256(data).hexdigest()
    if any(a.sha256 == digest for a in report.attachments):
        raise RuleViolation(_("Berkas %(name)s sudah dilampirkan.", name=shown))
    attachment = ReportAttachment(
        filename=clean_filename(filename, extension, accepted),
        content_type=content_type,
        size=len(data),
        sha256=digest,
        data=data,
        uploaded_by_id=user.id,
        uploaded_at=now,
    )
    report.attachments.append(attachment)
    db.session.flush()
    _audit(report, user, "attach", attachment, now)
    return attachment


def delete_attachment(
    report: ReadinessReport, attachment: ReportAttachment, user: User, *, now=None
) -> None:
    """Remove an attachment while the report is editable."""
    require_editable(report, user)
    now = now or datetime.now(UTC)
    lock_editable(report, now)
    _audit(report, user, "detach", attachment, now)
    report.attachments.remove(attachment)
    db.session.flush()


def _audit(report, user, action, attachment, now) -> None:
    facts = {
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }
    record(
        "readiness_report",
        action,
        user=user,
        entity_id=report.id,
        before=facts if action == "detach" else None,
        after=facts if action == "attach" else None,
        now=now,
    )
