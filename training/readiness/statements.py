"""The statements the readiness roll-up runs: the certificates in force on a day, the course
targets as a joinable subquery, and each unit's own people and official-account counters.

Read from the per-person course status and certificate rows (never raw attendance); each
statement groups by unit, so its cost does not grow with the number of units in view.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Integer, String, and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from training.accounts.models import AccountStatus, SocialAccount
from training.certificates.models import Certificate, CertificateState
from training.people.models import Person
from training.people.ranks import COMMANDER_OF_LEVEL
from training.programs.models import Course, CourseStatus, CourseStatusValue
from training.units.models import Unit


def current_certificates(on: date):
    """Subquery (person_id, course_id, until): certificates in force on day ``on``.

    Today that is simply state "valid" within its dates; on a past day a superseded one
    counts until its successor was issued, and a revoked one until the day it was revoked (all
    local days of the holder's unit).
    """
    successor = aliased(Certificate)
    in_force = or_(
        Certificate.state == CertificateState.VALID,
        and_(
            Certificate.state == CertificateState.SUPERSEDED,
            select(successor.issued_on)
            .where(successor.id == Certificate.superseded_by_id)
            .scalar_subquery()
            > on,
        ),
        and_(Certificate.state == CertificateState.REVOKED, Certificate.revoked_on > on),
    )
    return (
        select(
            Certificate.person_id,
            Certificate.course_id,
            func.max(Certificate.valid_until).label("until"),
        )
        .where(Certificate.issued_on <= on, Certificate.valid_until >= on, in_force)
        .group_by(Certificate.person_id, Certificate.course_id)
        .subquery()
    )


def target_condition(courses: list[Course]):
    """Join condition Person x Unit x Course: the person is one of the course's targets."""
    return or_(
        *(
            and_(
                Course.id == course.id,
                Unit.level.in_(list(course.target_levels or [])),
                Person.position.in_(list(course.target_positions or [])),
            )
            for course in courses
        )
    )


def is_head():
    """SQL: the person is the head of their unit (kapolda of a Polda, ...)."""
    return or_(
        *(
            and_(Unit.level == level, Person.position == str(position))
            for level, position in COMMANDER_OF_LEVEL.items()
        )
    )


def target_pairs(courses: list[Course]):
    """Subquery (course_id, level, position) of every course's targets: joined on equality,
    so both databases can hash-join people to their courses (an OR of conditions cannot)."""
    rows = sorted(
        {
            (course.id, level, position)
            for course in courses
            for level in course.target_levels or []
            for position in course.target_positions or []
        }
    ) or [(0, "", "")]
    selects = [
        select(
            literal(course_id, Integer).label("course_id"),
            literal(level, String).label("level"),
            literal(position, String).label("position"),
        )
        for course_id, level, position in rows
    ]
    return union_all(*selects).subquery("target_pair")


def own_people_statement(courses, where, on: date, expiring_days: int):
    """Per unit: targets, certified, heads, certified heads, level sum/count, attendance
    sum/count, expiring soon, failed (one grouped statement over the target pairs)."""
    cert = current_certificates(on)
    pairs = target_pairs(courses)
    certified = cert.c.until.is_not(None)
    failed = CourseStatus.status == CourseStatusValue.FAILED
    head = is_head()
    one, zero = literal(1), literal(0)
    stmt = (
        select(
            Person.unit_id,
            func.count(),
            func.sum(case((certified, one), else_=zero)),
            func.sum(case((head, one), else_=zero)),
            func.sum(case((and_(head, certified), one), else_=zero)),
            func.coalesce(func.sum(CourseStatus.average_level), 0.0),
            func.count(CourseStatus.average_level),
            func.coalesce(func.sum(CourseStatus.attendance_pct), 0.0),
            func.count(CourseStatus.attendance_pct),
            func.sum(case((cert.c.until <= on + timedelta(days=expiring_days), one), else_=zero)),
            func.sum(case((and_(~certified, failed), one), else_=zero)),
        )
        .select_from(Person)
        .join(Unit, Unit.id == Person.unit_id)
        .join(pairs, and_(pairs.c.level == Unit.level, pairs.c.position == Person.position))
        .outerjoin(
            CourseStatus,
            and_(CourseStatus.person_id == Person.id, CourseStatus.course_id == pairs.c.course_id),
        )
        .outerjoin(cert, and_(cert.c.person_id == Person.id, cert.c.course_id == pairs.c.course_id))
        .where(where)
        .group_by(Person.unit_id)
    )
    return stmt


def own_accounts_statement(where):
    return (
        select(
            SocialAccount.unit_id,
            func.count(),
            func.sum(case((SocialAccount.verified.is_(True), 1), else_=0)),
        )
        .join(Unit, Unit.id == SocialAccount.unit_id)
        .where(where, SocialAccount.status == AccountStatus.ACTIVE)
        .group_by(SocialAccount.unit_id)
    )


def own_counters(row) -> list:
    """A unit's own ``COUNTERS`` from a row of the own-people statement (its accounts at 0:
    they come from the accounts statement)."""
    _uid, targets, cert, heads, heads_cert, lsum, ln, asum, an, soon, failed = row
    untrained = targets - cert - failed
    return [
        targets,
        cert,
        heads,
        heads_cert,
        0,
        0,
        float(lsum),
        ln,
        float(asum),
        an,
        soon,
        failed,
        untrained,
    ]
