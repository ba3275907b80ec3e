"""What the reminder pages read: the expiring list's CSV columns, the outbox by state and kind."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, select

from training.certificates.models import OutboxMessage
from training.extensions import db

OUTBOX_STATE_FILTERS = ("sent", "unsent", "failed")


def expiring_table(rows) -> tuple[tuple, object]:
    """The header and the rows (a generator) of the expiring certificates' CSV."""
    header = (
        _("Nomor sertifikat"),
        _("NRP/NIP"),
        _("Pangkat"),
        _("Nama"),
        _("Kode satuan"),
        _("Satuan"),
        _("Kursus"),
        _("Berlaku sampai"),
        _("Sisa hari"),
    )
    data = (
        (
            r.serial,
            r.holder_nrp,
            r.holder_rank,
            r.holder_name,
            r.unit_code,
            r.unit_name,
            r.course_title,
            r.valid_until.isoformat(),
            r.days_left,
        )
        for r in rows
    )
    return header, data


def outbox_query(state: str, kind: str) -> Select:
    """Outbox messages, newest first, in ``state`` (sent, unsent, failed; anything else: all)
    and of ``kind`` when given."""
    stmt = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if state == "sent":
        stmt = stmt.where(OutboxMessage.sent_at.is_not(None))
    elif state == "unsent":
        stmt = stmt.where(OutboxMessage.sent_at.is_(None))
    elif state == "failed":
        stmt = stmt.where(OutboxMessage.sent_at.is_(None), OutboxMessage.last_error != "")
    if kind:
        stmt = stmt.where(OutboxMessage.kind == kind)
    return stmt


def outbox_kinds() -> list[str]:
    """The kinds of message in the outbox, for the filter."""
    return db.session.scalars(
        select(OutboxMessage.kind).distinct().order_by(OutboxMessage.kind)
    ).all()
