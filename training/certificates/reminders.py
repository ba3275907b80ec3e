"""Certificates nearing expiry: the scoped list and the reminders queued in the outbox."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from training.certificates.models import Certificate, CertificateState, OutboxMessage
from training.certificates.pdf import indonesian_date
from training.core.timefmt import local_day
from training.extensions import db
from training.people.figures import head_of
from training.people.models import Person
from training.policy.scope import Scope, person_clause, unit_clause
from training.programs.models import Course
from training.units.models import Unit


@dataclass(frozen=True)
class ExpiringRow:
    certificate_id: int
    serial: str
    person_id: int
    holder_name: str
    holder_rank: str
    holder_nrp: str
    unit_code: str
    unit_name: str
    course_title: str
    valid_until: date
    days_left: int


def _today(today: date | None) -> date:
    return today or local_day()


def expiring(
    scope: Scope, days: int, today: date | None = None, *, unit: Unit | None = None
) -> list[ExpiringRow]:
    """Valid certificates of people in ``scope`` whose validity ends within ``days`` days.

    Only certificates still valid today (not superseded, not revoked, not yet expired) count;
    ``unit`` narrows the list to the holders in that unit's subtree.
    """
    today = _today(today)
    stmt = (
        select(
            Certificate.id,
            Certificate.serial,
            Person.id,
            Person.full_name,
            Person.rank,
            Person.nrp,
            Unit.code,
            Unit.name,
            Course.title,
            Certificate.valid_until,
        )
        .join(Person, Certificate.person_id == Person.id)
        .join(Unit, Person.unit_id == Unit.id)
        .join(Course, Certificate.course_id == Course.id)
        .where(
            Certificate.state == CertificateState.VALID,
            Certificate.valid_until >= today,
            Certificate.valid_until <= today + timedelta(days=days),
            person_clause(scope),
        )
        .order_by(Certificate.valid_until, Unit.path, Person.full_name, Certificate.id)
    )
    if unit is not None:
        stmt = stmt.where(unit_clause(Scope(unit_paths=(unit.path,))))
    return [
        ExpiringRow(*row[:-1], valid_until=row[-1], days_left=(row[-1] - today).days)
        for row in db.session.execute(stmt)
    ]


def format_day_id(day: date) -> str:
    """``5 Desember 2026``: the date as written in Indonesian letters (as on certificates)."""
    return indonesian_date(day)


def _verify_link(cert: Certificate) -> str:
    try:
        from training.certificates.codes import verify_url  # the fallback covers it

        return verify_url(cert)
    except (ImportError, RuntimeError):
        base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
        return f"{base}/verify/{cert.verify_code}"


def _message(cert: Certificate, holder: Person, for_commander: bool, left: int) -> tuple:
    course = cert.course.title
    until = format_day_id(cert.valid_until)
    subject = f"Sertifikat {course} berakhir {until}"
    if for_commander:
        greeting = (
            f"Sertifikat {holder.rank} {holder.full_name} (NRP/NIP {holder.nrp}) "
            f"untuk kursus {course} berlaku sampai {until} ({left} hari lagi)."
        )
        action = "Mohon jadwalkan personel tersebut mengikuti pelatihan penyegaran."
        subject = f"{subject}: {holder.rank} {holder.full_name}"
    else:
        greeting = (
            f"Yth. {holder.rank} {holder.full_name},\n\n"
            f"Sertifikat Anda untuk kursus {course} (nomor {cert.serial}) berlaku sampai "
            f"{until} ({left} hari lagi)."
        )
        action = "Silakan daftar pelatihan penyegaran sebelum tanggal tersebut."
    body = (
        f"{greeting}\n\n{action}\n\n"
        f"Status sertifikat dapat diperiksa di: {_verify_link(cert)}\n\n"
        "Pesan ini dikirim otomatis oleh Presisi Training."
    )
    return subject, body


def _commander_of(person: Person, cache: dict[int, Person | None]) -> Person | None:
    """The head of the person's unit, or of the unit above when the person is the head."""
    unit = person.unit
    if unit.id not in cache:
        cache[unit.id] = head_of(unit)
    head = cache[unit.id]
    if head is not None and head.id == person.id:
        parent = unit.parent
        if parent is None:
            return None
        if parent.id not in cache:
            cache[parent.id] = head_of(parent)
        head = cache[parent.id]
    return head


def queue_reminders(
    today: date | None = None, days: Iterable[int] = (30, 7), *, now: datetime | None = None
) -> int:
    """Queue expiry reminders to holders and their commanders; return how many were queued.

    A certificate expiring within ``N`` days gets the reminder of the smallest such ``N`` once
    (kind ``expiry_N``) per recipient: running again the same or the next day adds nothing.
    People without an e-mail address are skipped (the expiring page still lists them).
    """
    today = _today(today)
    now = now or datetime.now(UTC)
    windows = sorted({int(n) for n in days if int(n) >= 0})
    if not windows:
        return 0
    certs = db.session.scalars(
        select(Certificate)
        .where(
            Certificate.state == CertificateState.VALID,
            Certificate.valid_until >= today,
            Certificate.valid_until <= today + timedelta(days=windows[-1]),
        )
        .order_by(Certificate.valid_until, Certificate.id)
    ).all()
    if not certs:
        return 0
    ids = [c.id for c in certs]
    existing = {
        tuple(row)
        for row in db.session.execute(
            select(OutboxMessage.kind, OutboxMessage.certificate_id, OutboxMessage.recipient).where(
                OutboxMessage.certificate_id.in_(ids)
            )
        )
    }
    heads: dict[int, Person | None] = {}
    rows: list[dict] = []
    for cert in certs:
        left = (cert.valid_until - today).days
        kind = f"expiry_{next(n for n in windows if left <= n)}"
        holder = cert.person
        targets = [(holder.email.strip(), False)]
        head = _commander_of(holder, heads)
        if head is not None:
            targets.append((head.email.strip(), True))
        seen = set()
        for address, for_commander in targets:
            key = (kind, cert.id, address)
            if not address or address.lower() in seen or key in existing:
                continue
            seen.add(address.lower())
            existing.add(key)
            subject, body = _message(cert, holder, for_commander, left)
            rows.append(
                dict(
                    kind=kind,
                    recipient=address,
                    subject=subject,
                    body=body,
                    certificate_id=cert.id,
                    person_id=holder.id,
                    created_at=now,
                    attempts=0,
                    last_error="",
                )
            )
    if rows:
        db.session.execute(_insert_new_only(), rows)
    return len(rows)


def _insert_new_only():
    """INSERT that skips a message another process queued meanwhile (the unique kind,
    certificate and recipient), instead of failing the whole request."""
    if db.session.get_bind().dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert  # the dialect's own
    else:
        from sqlalchemy.dialects.postgresql import insert as dialect_insert  # ON CONFLICT
    return dialect_insert(OutboxMessage).on_conflict_do_nothing()
