"""Attendance rules: the trainer's roll call and the sheet sign-off (self check-in: checkin.py).

Callers commit. Every change is audited and followed by a standing refresh
(``people_changed``) for the people whose marks changed (same transaction); the roll call
and the sign-off also refresh the session's self-checked-in people, whose check-in left
that to later (training/standing/checkins.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update
from sqlalchemy.orm import joinedload

from training.attendance.models import (
    SELF_CHECKIN_METHODS,
    Attendance,
    AttendanceSignoff,
    AttendanceStatus,
    CheckinMethod,
)
from training.audit.services import entry, record, record_many
from training.errors import RuleViolation
from training.extensions import db
from training.people.models import Person
from training.policy import rules
from training.programs.standing_hook import people_changed
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import TrainingSession

STATUS_LABELS = {
    AttendanceStatus.HADIR: _l("Hadir"),
    AttendanceStatus.TERLAMBAT: _l("Terlambat"),
    AttendanceStatus.IZIN: _l("Izin"),
    AttendanceStatus.SAKIT: _l("Sakit"),
    AttendanceStatus.DINAS_LUAR: _l("Dinas Luar"),
    AttendanceStatus.CUTI: _l("Cuti"),
    AttendanceStatus.ALPA: _l("Alpa"),
}
METHOD_LABELS = {
    CheckinMethod.ROLL_CALL: _l("Daftar hadir pelatih"),
    CheckinMethod.QR: _l("Pindai QR"),
    CheckinMethod.CODE: _l("Kode ketik"),
    CheckinMethod.ADMIN: _l("Koreksi admin"),
}
NOTE_MAX = 500


@dataclass(frozen=True)
class Mark:
    person_id: int
    status: str  # "" leaves the person's current mark as it is
    note: str = ""


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def refresh_people(course, person_ids, actor, now) -> None:
    if person_ids:
        people_changed(course, person_ids, actor=actor, now=now)


def signoff_of(session: TrainingSession) -> AttendanceSignoff | None:
    return db.session.scalar(
        select(AttendanceSignoff).where(AttendanceSignoff.session_id == session.id)
    )


def enrolled_ids(session: TrainingSession) -> set[int]:
    return set(
        db.session.scalars(
            select(Enrollment.person_id).where(
                Enrollment.session_id == session.id,
                Enrollment.status == EnrollmentStatus.ENROLLED,
            )
        )
    )


def snapshot(status, note, method) -> dict:
    return {"status": status, "note": note, "method": method}


def _validate(marks: list[Mark], enrolled: set[int]) -> None:
    errors = []
    for mark in marks:
        if mark.person_id not in enrolled:
            errors.append(_("Personel #%(id)s tidak terdaftar di sesi ini.", id=mark.person_id))
        elif mark.status and mark.status not in STATUS_LABELS:
            errors.append(_("Status kehadiran tidak dikenal: %(s)s.", s=mark.status))
        elif len(mark.note or "") > NOTE_MAX:
            errors.append(_("Catatan paling banyak %(n)d karakter.", n=NOTE_MAX))
    if errors:
        raise RuleViolation(" ".join(errors[:5]))


def save_roll_call(
    session: TrainingSession,
    marks: list[Mark],
    *,
    actor,
    now: datetime | None = None,
    mark_all_present: bool = False,
    reason: str = "",
) -> set[int]:
    """Save the trainer's sheet in a bounded number of statements; return changed people.

    ``mark_all_present`` marks Hadir everyone who has neither a mark in ``marks`` nor a
    saved row. After sign-off only an admin may change marks, and must give a reason.
    """
    now = _now(now)
    signed = signoff_of(session)
    method = CheckinMethod.ROLL_CALL
    if signed is not None:
        if not rules.OVERRIDE_RULES(actor):
            raise RuleViolation(
                _("Daftar hadir sudah ditandatangani; hanya admin yang dapat mengubahnya.")
            )
        if not reason.strip():
            raise RuleViolation(_("Tuliskan alasan perubahan setelah daftar hadir ditandatangani."))
        method = CheckinMethod.ADMIN
    enrolled = enrolled_ids(session)
    _validate(marks, enrolled)
    existing = {
        row.person_id: row
        for row in db.session.execute(
            select(
                Attendance.id,
                Attendance.person_id,
                Attendance.status,
                Attendance.note,
                Attendance.method,
            ).where(Attendance.session_id == session.id)
        )
    }
    wanted = {m.person_id: m for m in marks if m.status}
    if mark_all_present:
        for pid in enrolled - set(existing) - set(wanted):
            wanted[pid] = Mark(pid, AttendanceStatus.HADIR, "")
    new_rows, changes, audits = [], [], []
    for pid, mark in sorted(wanted.items()):
        note = (mark.note or "").strip()
        old = existing.get(pid)
        if old is None:
            new_rows.append(
                {
                    "session_id": session.id,
                    "person_id": pid,
                    "status": mark.status,
                    "note": note,
                    "checked_in_at": None,
                    "method": method,
                    "recorded_by_id": actor.id,
                    "updated_at": now,
                }
            )
        elif (old.status, old.note) != (mark.status, note):
            changes.append(
                {
                    "id": old.id,
                    "status": mark.status,
                    "note": note,
                    "method": method,
                    "recorded_by_id": actor.id,
                    "updated_at": now,
                }
            )
            audits.append(
                _audit(
                    "update",
                    actor,
                    session,
                    pid,
                    old.id,
                    now,
                    reason,
                    snapshot(old.status, old.note, old.method),
                    snapshot(mark.status, note, method),
                )
            )
    if new_rows:
        stmt = insert(Attendance).returning(Attendance.id, Attendance.person_id)
        for row_id, pid in db.session.execute(stmt, new_rows).all():
            mark = wanted[pid]
            after = snapshot(mark.status, (mark.note or "").strip(), method)
            audits.append(_audit("create", actor, session, pid, row_id, now, reason, None, after))
    if changes:
        db.session.execute(update(Attendance), changes)
    record_many(audits)
    changed = {a["person_id"] for a in audits}
    refresh_people(session.course, changed | _self_checked_in(existing.values()), actor, now)
    return changed


def _self_checked_in(rows) -> set[int]:
    """People of ``rows`` (with person_id and method) who checked themselves in."""
    return {row.person_id for row in rows if row.method in SELF_CHECKIN_METHODS}


def _audit(action, actor, session, pid, row_id, now, reason, before, after) -> dict:
    return entry(
        "attendance",
        action,
        user=actor,
        entity_id=row_id,
        session_id=session.id,
        person_id=pid,
        course_id=session.course_id,
        before=before,
        after=after,
        reason=reason,
        now=now,
    )


def sign_off(
    session: TrainingSession, *, actor, now: datetime | None = None, note: str = ""
) -> AttendanceSignoff:
    """Lock the sheet. Every enrolled person must have a mark and the session must have begun.
    ``note`` (the trainer's words at the confirmation) goes to the audit entry."""
    now = _now(now)
    if signoff_of(session) is not None:
        raise RuleViolation(_("Daftar hadir sesi ini sudah ditandatangani."))
    if now < session.starts_at:
        raise RuleViolation(_("Daftar hadir baru dapat ditandatangani setelah sesi dimulai."))
    rows = db.session.execute(
        select(Attendance.person_id, Attendance.method).where(Attendance.session_id == session.id)
    ).all()
    missing = len(enrolled_ids(session) - {row.person_id for row in rows})
    if missing:
        raise RuleViolation(
            _(
                "Masih ada %(n)d peserta yang belum ditandai. Lengkapi daftar hadir dahulu.",
                n=missing,
            )
        )
    row = AttendanceSignoff(session_id=session.id, signed_by_id=actor.id, signed_at=now)
    db.session.add(row)
    db.session.flush()
    record(
        "attendance_signoff",
        "create",
        user=actor,
        entity_id=row.id,
        session_id=session.id,
        course_id=session.course_id,
        after={"signed_at": now.isoformat()},
        reason=note,
        now=now,
    )
    refresh_people(session.course, _self_checked_in(rows), actor, now)
    return row


@dataclass
class SheetRow:
    person: object
    attendance: Attendance | None


def sheet_rows(session: TrainingSession, people_clause=None) -> list[SheetRow]:
    """Enrolled people (optionally limited by a Person condition) with their marks, by name.

    Each person's unit comes in the same statement (the sheet shows it on every row)."""
    stmt = (
        select(Person, Attendance)
        .options(joinedload(Person.unit))
        .join(Enrollment, Enrollment.person_id == Person.id)
        .outerjoin(
            Attendance,
            (Attendance.person_id == Person.id) & (Attendance.session_id == session.id),
        )
        .where(Enrollment.session_id == session.id, Enrollment.status == EnrollmentStatus.ENROLLED)
        .order_by(Person.full_name, Person.id)
    )
    if people_clause is not None:
        stmt = stmt.where(people_clause)
    return [SheetRow(person, att) for person, att in db.session.execute(stmt).all()]


def present_ids(session_id: int) -> set[int]:
    """Ids of the people marked Hadir or Terlambat in the session (checked in or called)."""
    present = (AttendanceStatus.HADIR, AttendanceStatus.TERLAMBAT)
    stmt = select(Attendance.person_id).where(
        Attendance.session_id == session_id, Attendance.status.in_(present)
    )
    return set(db.session.scalars(stmt))
