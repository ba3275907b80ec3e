"""Builders for the home page tests: a programme running now over many units, with
sessions in each stage, roll calls, grids, certificates, drafts, reports and warnings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.factories import enrol, make_course_status, make_person, make_session, make_unit
from tests.readiness_dashboard_factories import certified, make_three_tiers, simple_rules
from tests.signoff_factories import make_report
from training.assessments.framework import assign_default_competencies
from training.attendance.models import AbsenceWarning, Attendance, AttendanceSignoff
from training.extensions import db
from training.programs.models import Cycle
from training.sessions.models import SessionStatus, SessionTrainer
from training.signoff.models import ReportState

RANKS = ("AKBP", "Kompol", "AKP", "Iptu", "Bripka", "III/a")


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def running_programme(title: str = "Program Beranda"):
    """A programme with a cycle around today, three tiers and simple thresholds."""
    today = date.today()
    program, courses = make_three_tiers(
        title=title, starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=60)
    )
    cycle = Cycle(
        program=program,
        number=1,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=60),
    )
    db.session.add(cycle)
    simple_rules(program)
    for course in courses:
        assign_default_competencies(course)
    db.session.flush()
    return program, courses, cycle


def staff_units(parent, n: int, per_unit: int = 3, certify=None) -> list:
    """``n`` Polres (or Polsek) under ``parent`` with a head, an operator and others of
    varied ranks; ``certify(person)`` is called for every second head."""
    level_head = {"polda": "kapolres", "polres": "kapolsek"}[parent.level]
    people = []
    for u in range(n):
        unit = make_unit(parent, name=f"Satuan Beranda {parent.code}-{u}")
        for i in range(per_unit):
            position = level_head if i == 0 else ("operator_medsos", "lainnya")[i % 2]
            person = make_person(unit, rank=RANKS[(u + i) % len(RANKS)], position=position)
            people.append(person)
            if i == 0 and u % 2 == 0 and certify is not None:
                certify(person)
    return people


def session_at(course, venue, audience, start: datetime, hours: int = 2, **kw):
    return make_session(
        course,
        venue,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        audience_unit=audience,
        audience_positions=list(course.target_positions),
        capacity=30,
        **kw,
    )


def name_trainer(session, user) -> None:
    session.trainers.append(SessionTrainer(user_id=user.id))
    db.session.flush()


def mark(session, person, status: str = "hadir") -> None:
    db.session.add(
        Attendance(
            session_id=session.id,
            person_id=person.id,
            status=status,
            method="roll_call",
            updated_at=session.starts_at,
        )
    )
    db.session.flush()


def sign(session, user) -> None:
    db.session.add(
        AttendanceSignoff(session_id=session.id, signed_by_id=user.id, signed_at=session.ends_at)
    )
    db.session.flush()


def warn(person, course, pct: float = 40.0) -> None:
    db.session.add(
        AbsenceWarning(
            person_id=person.id, course_id=course.id, attendance_pct=pct, created_at=now()
        )
    )
    db.session.flush()


def draft(course, venue, audience, cycle, start: datetime):
    return session_at(course, venue, audience, start, status=SessionStatus.DRAFT, cycle_id=cycle.id)


def completed(person, course) -> None:
    make_course_status(person, course, "completed", completed_on=date.today() - timedelta(days=1),
                       average_level=4.0, attendance_pct=100.0)  # fmt: skip


__all__ = [
    "ReportState",
    "certified",
    "completed",
    "draft",
    "enrol",
    "make_report",
    "mark",
    "name_trainer",
    "now",
    "running_programme",
    "session_at",
    "sign",
    "staff_units",
    "warn",
]


def attempt(person, course, session=None) -> None:
    """An assessment attempt of ``person`` in ``course`` (no scores needed here)."""
    from training.assessments.models import AssessmentAttempt

    db.session.add(
        AssessmentAttempt(person_id=person.id, course_id=course.id, attempt_no=1,
                          session_id=session.id if session else None, assessed_at=now())
    )  # fmt: skip
    db.session.flush()
