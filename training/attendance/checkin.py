"""Self check-in: rotating codes (a QR URL code and a short typed code per 30-second
window) and ``check_in``.

Both come from one HMAC-SHA256 of the app's SECRET_KEY over "<session uid>:<window>",
where window = floor(unix time / 30). A code is accepted in its own window; the previous
window's code is also accepted for ``GRACE_SECONDS`` after the rotation, so that a phone
that read the code just before it changed is not refused. Codes of older windows and of
other sessions never match.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from training.attendance.models import Attendance, AttendanceSignoff, AttendanceStatus
from training.attendance.services import snapshot
from training.audit.services import record
from training.errors import RuleViolation
from training.extensions import db
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, TrainingSession

WINDOW_SECONDS = 30
GRACE_SECONDS = 5
#: 32 characters without the look-alikes 0/O and 1/I.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
SHORT_LENGTH = 6
DEFAULT_OPENS_MINUTES = 30


@dataclass(frozen=True)
class Codes:
    window: int
    url_code: str  # goes into the QR URL
    short_code: str  # typed on phones that cannot scan
    seconds_left: int  # until the next rotation


def window_of(now: datetime) -> int:
    return math.floor(now.timestamp() / WINDOW_SECONDS)


def _digest(secret: str, uid: str, window: int) -> bytes:
    message = f"{uid}:{window}".encode()
    return hmac.new(str(secret).encode(), message, hashlib.sha256).digest()


def url_code(secret: str, uid: str, window: int) -> str:
    return _digest(secret, uid, window)[:16].hex()


def short_code(secret: str, uid: str, window: int) -> str:
    number = int.from_bytes(_digest(secret, uid, window)[16:20], "big")
    chars = []
    for _position in range(SHORT_LENGTH):
        chars.append(ALPHABET[number % len(ALPHABET)])
        number //= len(ALPHABET)
    return "".join(chars)


def codes_at(secret: str, uid: str, now: datetime) -> Codes:
    window = window_of(now)
    left = (window + 1) * WINDOW_SECONDS - now.timestamp()
    return Codes(
        window=window,
        url_code=url_code(secret, uid, window),
        short_code=short_code(secret, uid, window),
        seconds_left=max(1, math.ceil(left)),
    )


def normalise(code: str) -> str:
    """Typed codes: ignore case, spaces, dashes and anything outside ASCII letters and digits
    (a code is ASCII; ``hmac.compare_digest`` refuses other text)."""
    return "".join(ch for ch in (code or "") if ch.isascii() and ch.isalnum()).upper()


def accepted_windows(now: datetime) -> list[int]:
    """The current window, plus the previous one during the grace after a rotation."""
    window = window_of(now)
    into_window = now.timestamp() - window * WINDOW_SECONDS
    return [window, window - 1] if into_window < GRACE_SECONDS else [window]


def code_matches(secret: str, uid: str, code: str, now: datetime) -> bool:
    """True when ``code`` (URL or typed form) belongs to an accepted window of this session."""
    given = normalise(code)
    if not given:
        return False
    for window in accepted_windows(now):
        for expected in (url_code(secret, uid, window).upper(), short_code(secret, uid, window)):
            if hmac.compare_digest(given, expected):
                return True
    return False


# --- the check-in service -------------------------------------------------------------


def check_in_opens(session: TrainingSession) -> datetime:
    minutes = current_app.config.get("CHECKIN_OPENS_MINUTES", DEFAULT_OPENS_MINUTES)
    return session.starts_at - timedelta(minutes=minutes)


def check_in_open(session: TrainingSession, now: datetime) -> bool:
    return (
        session.status == SessionStatus.SCHEDULED
        and check_in_opens(session) <= now <= session.ends_at
    )


def current_codes(session: TrainingSession, now: datetime | None = None) -> Codes:
    return codes_at(current_app.config["SECRET_KEY"], session.uid, now or datetime.now(UTC))


def _existing(session_id: int, person_id: int) -> Attendance | None:
    return db.session.scalar(
        select(Attendance).where(
            Attendance.session_id == session_id, Attendance.person_id == person_id
        )
    )


def _state(session_id: int, person_id: int):
    """(enrolled, signed off, the person's Attendance row or None) in one statement."""
    enrolled = (
        select(Enrollment.id)
        .where(
            Enrollment.session_id == session_id,
            Enrollment.person_id == person_id,
            Enrollment.status == EnrollmentStatus.ENROLLED,
        )
        .exists()
    )
    signed = select(AttendanceSignoff.id).where(AttendanceSignoff.session_id == session_id)
    stmt = (
        select(enrolled.label("enrolled"), signed.exists().label("signed"), Attendance)
        .select_from(TrainingSession)
        .outerjoin(
            Attendance,
            (Attendance.session_id == TrainingSession.id) & (Attendance.person_id == person_id),
        )
        .where(TrainingSession.id == session_id)
    )
    return db.session.execute(stmt).one()


def _insert_once(values: dict) -> Attendance | None:
    """INSERT .. ON CONFLICT DO NOTHING RETURNING the row: None when another request added
    the (session, person) row first. No savepoint, one statement on SQLite and PostgreSQL."""
    postgres = db.session.get_bind().dialect.name == "postgresql"
    insert = postgresql.insert if postgres else sqlite.insert
    stmt = (
        insert(Attendance)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["session_id", "person_id"])
        .returning(Attendance)
    )
    return db.session.scalars(stmt).one_or_none()


def _check_open(session, now) -> None:
    if session.status != SessionStatus.SCHEDULED:
        raise RuleViolation(_("Sesi ini tidak sedang dijadwalkan; presensi tidak dibuka."))
    if now < check_in_opens(session):
        raise RuleViolation(_("Presensi belum dibuka untuk sesi ini."))
    if now > session.ends_at:
        raise RuleViolation(_("Sesi sudah berakhir; presensi ditutup."))


def _check_enrolled(enrolled: bool) -> None:
    if not enrolled:
        raise RuleViolation(_("Anda tidak terdaftar sebagai peserta sesi ini."))


def _check_code(session, code, now) -> None:
    if not code_matches(current_app.config["SECRET_KEY"], session.uid, code, now):
        raise RuleViolation(
            _(
                "Kode presensi salah atau sudah kedaluwarsa. "
                "Pindai atau ketik kode yang tampil sekarang."
            )
        )


def _check_not_signed_off(signed: bool) -> None:
    if signed:
        raise RuleViolation(_("Daftar hadir sesi ini sudah ditandatangani pelatih."))


def check_in(
    session, person, code: str, *, method: str, now: datetime | None = None, actor=None
) -> Attendance:
    """Mark ``person`` (a Person or a person id) present (or late) with the session's
    current code.

    The window and the code are checked first, for everyone: checking in twice, or after
    the trainer marked the person, then returns the existing row unchanged. Concurrent
    check-ins rely on the unique (session, person) constraint: the row is inserted with
    ON CONFLICT DO NOTHING, and the loser of a race returns the winner's row. A first
    check-in is three statements: the state (enrolment, sign-off, existing row) in one,
    the insert and its audit entry. The person's course standing is not refreshed here:
    beat refreshes everyone who checked in, coalesced per course, within a minute, and
    the roll call and its sign-off refresh the session's self-checked-in people
    (training/standing/checkins.py).
    """
    now = now or datetime.now(UTC)
    person_id = getattr(person, "id", person)
    _check_open(session, now)
    enrolled, signed, existing = _state(session.id, person_id)
    if existing is None:
        _check_enrolled(enrolled)
    _check_code(session, code, now)
    if existing is not None:
        return existing  # told their mark, never changed by a check-in
    _check_not_signed_off(signed)
    late_after = session.starts_at + timedelta(minutes=session.course.late_grace_minutes or 0)
    status = AttendanceStatus.TERLAMBAT if now > late_after else AttendanceStatus.HADIR
    row = _insert_once(
        {
            "session_id": session.id,
            "person_id": person_id,
            "status": status,
            "note": "",
            "checked_in_at": now,
            "method": method,
            "recorded_by_id": None,
            "updated_at": now,
        }
    )
    if row is None:
        return _existing(session.id, person_id)
    record(
        "attendance",
        "create",
        user=actor,
        entity_id=row.id,
        session_id=session.id,
        person_id=person_id,
        course_id=session.course_id,
        after=snapshot(status, "", method),
        now=now,
    )
    return row
