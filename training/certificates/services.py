"""Issue, supersede and revoke certificates; queries used by the views and the API.

A person is eligible for a course's certificate when their CourseStatus is ``completed`` and
their sessions of the course have ended with their roll calls signed off
(``standing.settled_clause``). Days are the local days of the holder's unit (``timefmt``).
A certificate is *current* when it is still in state valid and was issued on or after the
completion it covers; issuing again after a refresher (a newer completion) supersedes the
previous valid certificate. Services never commit; every issue and revocation is audited.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, select, update

from training.audit.services import entry, record, record_many
from training.certificates.codes import new_verify_code
from training.certificates.fonts import uncovered
from training.certificates.models import Certificate, CertificateState
from training.core.events import emit
from training.core.timefmt import local_day, unit_timezone
from training.errors import RuleViolation
from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope, person_clause, scope_of
from training.programs.models import Course, CourseStatus, CourseStatusValue
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.standing.engine import settled_clause
from training.units.models import Unit


def holder_today(cert: Certificate, now: datetime | None = None) -> date:
    """Today in the zone of the holder's unit (the day a certificate's status is read on)."""
    return local_day(now, unit_timezone(cert.person.unit))


def valid_until_for(course: Course, issued_on: date) -> date:
    return issued_on + relativedelta(months=course.validity_months) - timedelta(days=1)


def _current(person_ids, course: Course) -> dict[int, Certificate]:
    """The valid certificate of each person for ``course`` (at most one by construction)."""
    if not person_ids:
        return {}
    stmt = select(Certificate).where(
        Certificate.course_id == course.id,
        Certificate.person_id.in_(person_ids),
        Certificate.state == CertificateState.VALID,
    )
    return {c.person_id: c for c in db.session.scalars(stmt)}


def _covers(cert: Certificate | None, standing: CourseStatus) -> bool:
    return cert is not None and (
        standing.completed_on is None or cert.issued_on >= standing.completed_on
    )


def lock_issuing(course: Course) -> None:
    """Serialise certificate issue for one course across requests and app processes.

    Issuing is read-then-write (is there a current certificate?) and the schema does not
    forbid two valid certificates of one person and course, so two issuers must not
    interleave. PostgreSQL: ``SELECT ... FOR NO KEY UPDATE`` on the course row; a second issuer
    waits until the first commits, then (READ COMMITTED) sees its certificates. SQLite: a
    no-op UPDATE takes the database's single write lock before anything is read.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(Course)
            .where(Course.id == course.id)
            .values(tier=Course.tier)
            .execution_options(synchronize_session=False)
        )
    else:
        # NO KEY UPDATE: rows that merely reference the course (FK checks) are not blocked.
        stmt = select(Course.id).where(Course.id == course.id).with_for_update(key_share=True)
        db.session.execute(stmt)


def issue_certificate(
    person: Person, course: Course, *, actor, today=None, now=None
) -> Certificate:
    """Issue ``person``'s certificate for ``course``; supersedes an older valid one."""
    now = now or datetime.now(UTC)
    lock_issuing(course)
    standing = db.session.scalar(
        select(CourseStatus).where(
            CourseStatus.person_id == person.id, CourseStatus.course_id == course.id
        )
    )
    if standing is None or standing.status != CourseStatusValue.COMPLETED:
        raise RuleViolation(
            _(
                "%(name)s belum menyelesaikan kursus ini; sertifikat belum dapat diterbitkan.",
                name=person.full_name,
            )
        )
    if _covers(_current([person.id], course).get(person.id), standing):
        raise RuleViolation(
            _(
                "%(name)s sudah memiliki sertifikat yang berlaku untuk kelulusan ini.",
                name=person.full_name,
            )
        )
    if not db.session.scalar(select(settled_clause(course, person.id, now))):
        raise RuleViolation(
            _(
                "%(name)s belum dapat menerima sertifikat: sesi kursus ini belum selesai "
                "atau presensinya belum disahkan.",
                name=person.full_name,
            )
        )
    return _issue(course, [person], actor=actor, today=today, now=now)[0]


def eligible_people(course: Course, *, scope: Scope, session=None, now=None) -> list[Person]:
    """People with a completed standing for ``course``, every session of it ended and signed
    off by ``now``, and no certificate covering it."""
    now = now or datetime.now(UTC)
    stmt = (
        select(Person, CourseStatus)
        .join(CourseStatus, CourseStatus.person_id == Person.id)
        .where(
            CourseStatus.course_id == course.id,
            CourseStatus.status == CourseStatusValue.COMPLETED,
            person_clause(scope),
            settled_clause(course, Person.id, now),
        )
        .order_by(Person.id)
    )
    if session is not None:
        enrolled = select(Enrollment.person_id).where(
            Enrollment.session_id == session.id, Enrollment.status == EnrollmentStatus.ENROLLED
        )
        stmt = stmt.where(Person.id.in_(enrolled))
    return without_certificate(db.session.execute(stmt).all(), course)


def without_certificate(rows, course: Course) -> list[Person]:
    """The people of (person, standing) ``rows`` whose standing no certificate covers yet."""
    current = _current([p.id for p, _s in rows], course)
    return [p for p, s in rows if not _covers(current.get(p.id), s)]


def issue_all(course: Course, *, actor, session=None, today=None, now=None) -> list[Certificate]:
    """Issue for every eligible person (of ``session`` if given) in the actor's scope."""
    now = now or datetime.now(UTC)
    scope = scope_of(actor) if actor is not None else Scope(everything=True)
    lock_issuing(course)
    people = eligible_people(course, scope=scope, session=session, now=now)
    return _issue(course, people, actor=actor, today=today, now=now) if people else []


def _refuse_unprintable(course: Course, people: list[Person], units: dict[int, Unit]) -> None:
    """RuleViolation when a text to print has characters no certificate font has."""
    program = course.program
    common = (course.title, program.title, program.signatory_name, program.signatory_position)
    texts = dict.fromkeys(text for text in (*common, program.signatory_rank) if text)
    for person in people:
        unit = units.get(person.unit_id)
        texts.update(dict.fromkeys((person.full_name, person.rank, unit.name if unit else "")))
    for text in filter(None, texts):
        chars = uncovered(text)
        if chars:
            raise RuleViolation(
                _(
                    'Sertifikat tidak diterbitkan: huruf %(chars)s pada "%(text)s" tidak '
                    "tersedia pada fon sertifikat (akan tercetak sebagai kotak kosong). Hubungi "
                    "admin untuk memasang paket fon yang sesuai.",
                    chars=" ".join(chars),
                    text=text,
                )
            )


def _issue(
    course: Course, people: list[Person], *, actor, today=None, now=None
) -> list[Certificate]:
    """``today`` (when given) is the issue day of all; else each holder's local day."""
    now = now or datetime.now(UTC)
    program = course.program
    previous = _current([p.id for p in people], course)
    units = {
        u.id: u
        for u in db.session.scalars(select(Unit).where(Unit.id.in_({p.unit_id for p in people})))
    }
    _refuse_unprintable(course, people, units)
    rows = []
    for person in people:
        unit = units.get(person.unit_id)
        issued_on = today or local_day(now, unit_timezone(unit))
        rows.append(
            {
                "serial": f"TMP/{len(rows)}/{now.timestamp()}",
                "verify_code": new_verify_code(),
                "person_id": person.id,
                "course_id": course.id,
                "issued_on": issued_on,
                "valid_until": valid_until_for(course, issued_on),
                "state": CertificateState.VALID,
                "holder_name": person.full_name,
                "holder_rank": person.rank,
                "holder_nrp": person.nrp,
                "holder_unit": unit.name if unit is not None else "",
                "signatory_name": program.signatory_name,
                "signatory_rank": program.signatory_rank,
                "signatory_nrp": program.signatory_nrp,
                "signatory_position": program.signatory_position,
                "issued_by_id": getattr(actor, "id", None),
                "created_at": now,
            }
        )
    # Core inserts and updates keep the statement count fixed (ORM flushes with RETURNING
    # fall back to one INSERT per row on SQLite); ids are read back by the unique codes.
    db.session.execute(insert(Certificate.__table__), rows)
    codes = [row["verify_code"] for row in rows]
    days = {row["verify_code"]: row["issued_on"] for row in rows}
    by_code = select(Certificate.verify_code, Certificate.id).where(
        Certificate.verify_code.in_(codes)
    )
    ids = dict(db.session.execute(by_code).all())
    db.session.execute(
        update(Certificate.__table__)
        .where(Certificate.__table__.c.id == bindparam("cid"))
        .values(serial=bindparam("new_serial")),
        [{"cid": ids[c], "new_serial": f"SERT/{days[c]:%Y/%m}/{ids[c]:06d}"} for c in codes],
    )
    certs = list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.id.in_(ids.values()))
            .order_by(Certificate.id)
            .execution_options(populate_existing=True)
        )
    )
    audit = []
    for cert in certs:
        old = previous.get(cert.person_id)
        if old is not None:
            old.state = CertificateState.SUPERSEDED
            old.superseded_by_id = cert.id
        audit.append(
            entry(
                "certificate",
                "issue",
                user=actor,
                entity_id=cert.id,
                person_id=cert.person_id,
                course_id=course.id,
                before={"supersedes": old.serial} if old is not None else None,
                after={"serial": cert.serial, "valid_until": cert.valid_until.isoformat()},
                now=now,
            )
        )
    db.session.flush()
    record_many(audit)
    emit("certificates_issued", certificates=certs, now=now)
    return certs


def revoke(cert: Certificate, *, actor, reason: str, public_note: str = "", now=None):
    """Revoke ``cert`` with an internal reason (staff and the audit log only) and an optional
    public note (the verification page shows it, else a standard sentence)."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(_("Alasan pencabutan wajib diisi."))
    if cert.state == CertificateState.REVOKED:
        raise RuleViolation(_("Sertifikat %(serial)s sudah dicabut.", serial=cert.serial))
    now = now or datetime.now(UTC)
    before = {"state": cert.state}
    cert.state = CertificateState.REVOKED
    cert.revoked_at = now
    cert.revoked_on = local_day(now, unit_timezone(cert.person.unit))
    cert.revoked_by_id = getattr(actor, "id", None)
    cert.revoke_reason = reason
    cert.revoke_public_note = (public_note or "").strip()
    db.session.flush()
    record(
        "certificate",
        "revoke",
        user=actor,
        entity_id=cert.id,
        person_id=cert.person_id,
        course_id=cert.course_id,
        before=before,
        after={"state": cert.state, "public_note": cert.revoke_public_note},
        reason=reason,
        now=now,
    )
    return cert
