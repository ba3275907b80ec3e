"""Demo certificates: one per completed course standing of the demo programme.

Issued through the certificate services on the completion day. A few holders also got a
certificate 14 months earlier (a previous cycle) that has expired; one of those was
superseded by this cycle's certificate; one certificate is revoked with a reason.
Idempotent: nothing happens when the programme already has certificates.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from training.auth.models import User
from training.certificates.models import Certificate
from training.certificates.services import _issue, revoke
from training.extensions import db
from training.people.models import Person
from training.programs.models import Course, CourseStatus, CourseStatusValue, Program

EXPIRED = 3
REVOKE_REASON = "Diterbitkan atas data kehadiran yang kemudian dibatalkan (contoh demo)."


def seed_certificates(program: Program, today: date) -> int:
    """Issue the demo programme's certificates once; return how many were created."""
    course_ids = [c.id for c in program.courses]
    if db.session.scalar(select(Certificate.id).where(Certificate.course_id.in_(course_ids))):
        return 0
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    if not program.signatory_name:  # a fictional signatory for the demo
        program.signatory_name = "Budi Hartono Wicaksono"
        program.signatory_rank = "Irjen Pol"
        program.signatory_nrp = "68010123"
        program.signatory_position = "Kepala Divisi Hubungan Masyarakat Polri"
    rows = db.session.execute(
        select(CourseStatus, Course)
        .join(Course, Course.id == CourseStatus.course_id)
        .where(
            Course.id.in_(course_ids),
            CourseStatus.status == CourseStatusValue.COMPLETED,
        )
        .order_by(Course.tier, CourseStatus.person_id)
    ).all()
    people = {
        p.id: p
        for p in db.session.scalars(
            select(Person).where(Person.id.in_({s.person_id for s, _c in rows}))
        )
    }
    # Demo accounts (kapolres, ...) keep plain valid certificates: the tour relies on them.
    accounts = set(db.session.scalars(select(User.person_id).where(User.person_id.is_not(None))))
    created = 0
    groups: dict[tuple[int, date], list] = {}
    for standing, course in rows:
        groups.setdefault((course.id, standing.completed_on or today), []).append(
            (standing, course)
        )
    # Expired certificates from an earlier cycle for people who have not refreshed since:
    # the last EXPIRED holders of tier 1 get an old one only.
    tier1 = sorted({s.person_id for s, c in rows if c.tier == 1} - accounts)
    old_only = set(tier1[-EXPIRED:])
    superseded_person = tier1[0] if len(tier1) > EXPIRED else None
    long_ago = today - relativedelta(months=14)
    for (_course_id, day), items in groups.items():
        course = items[0][1]
        fresh = [people[s.person_id] for s, _c in items if s.person_id not in old_only]
        old = [
            people[s.person_id]
            for s, _c in items
            if s.person_id in old_only or s.person_id == superseded_person
        ]
        if old:
            created += len(_issue(course, old, actor=admin, today=long_ago))
        if fresh:
            created += len(_issue(course, fresh, actor=admin, today=day))
    revokable = db.session.scalar(
        select(Certificate)
        .where(
            Certificate.course_id.in_(course_ids),
            Certificate.state == "valid",
            Certificate.person_id.not_in(accounts),
        )
        .order_by(Certificate.id.desc())
    )
    if revokable is not None:
        revoke(revokable, actor=admin, reason=REVOKE_REASON)
    return created
