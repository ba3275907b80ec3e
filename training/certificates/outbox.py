"""The outbox sender: claims queued messages in batches, sends them, records the outcome.

Several senders (CLI, web, job workers) may run at once: a claim is committed before sending,
and a claim older than ``CLAIM_STALE`` belongs to a sender that died.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from training.certificates.mail import Letter, Mailer, MailSettings
from training.certificates.models import OutboxMessage
from training.extensions import db

#: A message failing this many times stays in the outbox but is no longer retried.
MAX_ATTEMPTS = 5
#: Messages claimed (and committed) at a time by a sender.
BATCH_SIZE = 20
#: A claim older than this belongs to a sender that died: the message may be taken again.
CLAIM_STALE = timedelta(minutes=15)


def _claimable(now: datetime) -> tuple:
    """Unsent, not given up, and not claimed by a live sender."""
    return (
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.attempts < MAX_ATTEMPTS,
        or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < now - CLAIM_STALE),
    )


def pending_messages(now: datetime | None = None) -> list[OutboxMessage]:
    """Messages a sender would take now (for counting and listing; claims nothing)."""
    stmt = select(OutboxMessage).where(*_claimable(now or datetime.now(UTC)))
    return list(db.session.scalars(stmt.order_by(OutboxMessage.id)))


def claim_batch(now: datetime, *, after_id: int = 0, size: int = BATCH_SIZE) -> list[Letter]:
    """Take up to ``size`` messages (id above ``after_id``) for this sender and COMMIT.

    Two senders may run at once (two app processes, or the command and the outbox page);
    a message is claimed by one of them only. PostgreSQL: ``FOR UPDATE SKIP LOCKED`` (the
    other sender skips rows being claimed); SQLite: the UPDATE takes the single write lock
    for the few milliseconds of the claim. The claim is committed before any mail goes out.
    """
    token = secrets.token_hex(16)
    ids = (
        select(OutboxMessage.id)
        .where(*_claimable(now), OutboxMessage.id > after_id)
        .order_by(OutboxMessage.id)
        .limit(size)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        ids = list(db.session.scalars(ids.with_for_update(skip_locked=True)))
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), *_claimable(now))
        .values(claimed_at=now, claim_token=token)
        .execution_options(synchronize_session=False)
    ).rowcount
    letters = []
    if claimed:
        rows = db.session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.recipient,
                OutboxMessage.subject,
                OutboxMessage.body,
                OutboxMessage.attachment_name,
                OutboxMessage.attachment_type,
                OutboxMessage.attachment,
            )
            .where(OutboxMessage.claim_token == token)
            .order_by(OutboxMessage.id)
        )
        letters = [Letter(*row) for row in rows]
    db.session.commit()
    return letters


def record_send(letter: Letter, error: str | None, now: datetime) -> None:
    """Record one message's outcome and COMMIT (one short write per message)."""
    attempts = OutboxMessage.attempts + 1
    released = dict(claimed_at=None, claim_token=None)
    if error is None:
        stmt = (
            update(OutboxMessage)
            .where(OutboxMessage.id == letter.id, OutboxMessage.sent_at.is_(None))
            .values(sent_at=now, attempts=attempts, last_error="", **released)
        )
    else:
        stmt = (
            update(OutboxMessage)
            .where(OutboxMessage.id == letter.id, OutboxMessage.sent_at.is_(None))
            .values(attempts=attempts, last_error=error[:2000], **released)
        )
    db.session.execute(stmt.execution_options(synchronize_session=False))
    db.session.commit()


def mail_configured() -> bool:
    return MailSettings.from_config(current_app.config) is not None


def send_outbox(
    now: datetime | None = None,
    *,
    progress: Callable[[int], object] | None = None,
    batch_size: int = BATCH_SIZE,
) -> tuple[int, int]:
    """Send the queued messages through the configured SMTP server; return (sent, failed).

    Without ``MAIL_SERVER`` nothing is sent and every message stays queued. Unlike other
    services this one commits (call it with nothing pending): messages are claimed in
    batches of ``batch_size``, each claim committed, each mail sent outside any transaction
    (check-ins and roll calls go on meanwhile) and its sending time, or one more attempt
    and the error, committed at once. A sender killed mid-batch loses at most the message
    it was sending; its other claims are taken again after ``CLAIM_STALE``.
    """
    settings = MailSettings.from_config(current_app.config)
    if settings is None:
        return 0, 0

    def clock() -> datetime:
        return now or datetime.now(UTC)

    sent = failed = last_id = 0
    with Mailer(settings) as mailer:
        while mailer.unreachable is None:
            letters = claim_batch(clock(), after_id=last_id, size=batch_size)
            if not letters:
                break
            for letter in letters:
                error = mailer.send(letter)
                record_send(letter, error, clock())
                sent += error is None
                failed += error is not None
                last_id = letter.id
                if progress is not None:
                    progress(1)
    return sent, failed
