"""Certificate (issued per person and course) and the e-mail outbox for reminders."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.core.types import UTCDateTime
from training.extensions import db

if TYPE_CHECKING:
    from training.people.models import Person
    from training.programs.models import Course


class CertificateState(StrEnum):
    VALID = "valid"  # may still be past valid_until: "expired" is derived from the date
    SUPERSEDED = "superseded"  # a newer certificate for the same person and course exists
    REVOKED = "revoked"


class Certificate(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Human serial, e.g. SERT/2022/11/000123 (unique, printed, not secret).
    serial: Mapped[str] = mapped_column(String(40), unique=True)
    #: Secret verification code (>= 64 random bits, base32); not derivable from the serial.
    verify_code: Mapped[str] = mapped_column(String(40), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(12), index=True, default=CertificateState.VALID)
    #: Printed as they were at issue time (the person may be promoted or moved later).
    holder_name: Mapped[str] = mapped_column(String(200))
    holder_rank: Mapped[str] = mapped_column(String(60))
    holder_nrp: Mapped[str] = mapped_column(String(18))
    holder_unit: Mapped[str] = mapped_column(String(200))
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_rank: Mapped[str] = mapped_column(String(60), default="")
    signatory_nrp: Mapped[str] = mapped_column(String(18), default="")
    signatory_position: Mapped[str] = mapped_column(String(200), default="")
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The local day of ``revoked_at`` in the zone of the holder's unit.
    revoked_on: Mapped[date | None] = mapped_column(Date)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: Internal note on the revocation: staff pages and the audit log only, never public.
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    #: What the public verification page says about the revocation ("" = a standard sentence).
    revoke_public_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    person: Mapped[Person] = relationship()
    course: Mapped[Course] = relationship()
    superseded_by: Mapped[Certificate | None] = relationship(remote_side=[id])

    def status_on(self, day: date) -> str:
        """valid / expired / superseded / revoked on ``day``."""
        if self.state != CertificateState.VALID:
            return self.state
        return "expired" if day > self.valid_until else "valid"


class OutboxMessage(db.Model):
    """An e-mail to send (reminders, notifications); kept after sending, so nothing is lost
    without SMTP. It may carry one attachment (e.g. the .ics of a booked session)."""

    __table_args__ = (UniqueConstraint("kind", "certificate_id", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: e.g. "expiry_30" (reminder 30 days before expiry), "notify_enrolled" (notifications).
    kind: Mapped[str] = mapped_column(String(30), index=True)
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    certificate_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificate.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    #: Taken by a sender (committed before any mail goes out); a claim older than
    #: outbox.CLAIM_STALE (its sender died) may be taken again.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(32))
    #: One optional attachment: file name ("" = none), MIME type and content.
    attachment_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    attachment_type: Mapped[str] = mapped_column(String(100), default="", server_default="")
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
