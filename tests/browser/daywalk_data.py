"""What the day walks find already in place: the hours a browser test cannot wait for.

The walks (``test_browser_daywalk.py``) follow links only; what they need before the first
click is written here through the same services the app uses (so notices, standings and
certificates are real), on units no other browser test reads (Makassar, WITA; Jayapura,
WIT), for people of their own (other browser tests keep the demo's people as they are).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.browser.conftest import DEMO_PASSWORD
from tests.factories import make_person, make_session, make_user
from training.assessments.framework import assign_default_competencies
from training.assessments.grid import GridRow, save_grid
from training.attendance.services import Mark, save_roll_call, sign_off
from training.auth.models import User
from training.certificates.services import issue_certificate
from training.enrolment.services import enrol_person
from training.extensions import db
from training.programs.models import Course
from training.sessions.models import SessionTrainer
from training.units.models import Unit

#: People of the trainer's class today: (username or None, name, rank, position, Polsek).
CLASS_TODAY = (
    ("operator.tamalate", "Andi Nurhaliza", "Bripka", "operator_medsos", "27.01.02"),
    (None, "Muhammad Ridwan Daeng", "Iptu", "wakapolsek", "27.01.03"),
    (None, "Sitti Aisyah Latif", "III/a", "operator_medsos", "27.01.04"),
)


@dataclass
class ClassToday:
    title: str
    ends_at: datetime
    checker: str  # the participant account that checks in with the projected code
    names: list[str]


def _user(username: str, person, unit) -> User:
    user = make_user(("participant",), password=DEMO_PASSWORD, username=username)
    user.person_id, user.unit_id = person.id, unit.id
    return user


def _tier3() -> Course:
    return db.session.scalar(select(Course).where(Course.tier == 3).order_by(Course.id))


def _unit(code: str) -> Unit:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def class_today(app, minutes_left: float) -> ClassToday:
    """A tier-3 class in Makassar that began three minutes ago and ends ``minutes_left``
    from now, taught by the demo trainer, with three people of three Polsek enrolled."""
    with app.app_context():
        trainer = db.session.scalar(select(User).where(User.username == "pelatih"))
        now = datetime.now(UTC).replace(microsecond=0)
        ends = now + timedelta(minutes=minutes_left)
        session = make_session(_tier3(), _unit("27.01"), audience_unit=_unit("27.01"),
                               starts_at=now - timedelta(minutes=3), ends_at=ends,
                               title="Kelas Kapolsek Makassar Hari Ini", capacity=20,
                               venue="Aula Polrestabes Makassar")  # fmt: skip
        session.trainers.append(SessionTrainer(user=trainer))
        names = []
        for username, name, rank, position, code in CLASS_TODAY:
            person = make_person(_unit(code), full_name=name, rank=rank, position=position)
            if username:
                _user(username, person, person.unit)
            enrol_person(session, person, actor=trainer, now=now - timedelta(days=7))
            names.append(name)
        db.session.commit()
        result = ClassToday(session.title, ends, CLASS_TODAY[0][0], names)
        db.session.remove()
    return result


@dataclass
class ParticipantDay:
    username: str
    full_name: str
    title: str  # the class running now the participant is booked into
    session_id: int
    course_title: str


def participant_day(app, username: str, full_name: str) -> ParticipantDay:
    """An operator of a Jayapura Polsek with an account: certified last week for the tier-3
    course (held, signed off, assessed and issued through the services), and booked by the
    trainer into today's refresher class running now (the booking notice is in their bell)."""
    with app.app_context():
        trainer = db.session.scalar(select(User).where(User.username == "pelatih"))
        course, polres = _tier3(), _unit("33.01")
        now = datetime.now(UTC).replace(microsecond=0)
        person = make_person(_unit("33.01.02"), full_name=full_name,
                             rank="Brigpol", position="operator_medsos")  # fmt: skip
        _user(username, person, person.unit)
        held = make_session(course, polres, audience_unit=polres, title="Kelas Jayapura Lalu",
                            starts_at=now - timedelta(days=7))  # fmt: skip
        enrol_person(held, person, actor=trainer, now=now - timedelta(days=14))
        save_roll_call(held, [Mark(person.id, "hadir")], actor=trainer, now=held.ends_at)
        sign_off(held, actor=trainer, now=held.ends_at + timedelta(minutes=10))
        levels = {cc.competency_id: 4 for cc in assign_default_competencies(course)}
        save_grid(course, [GridRow(person.id, levels=levels)], actor=trainer, session=held,
                  now=held.ends_at + timedelta(hours=1))  # fmt: skip
        issue_certificate(person, course, actor=trainer, now=now - timedelta(days=6))
        today = make_session(course, polres, audience_unit=polres, capacity=30,
                             title=f"Kelas Penyegaran Jayapura ({full_name})",
                             starts_at=now - timedelta(minutes=10),
                             ends_at=now + timedelta(hours=2),
                             venue="Aula Polresta Jayapura Kota")  # fmt: skip
        today.trainers.append(SessionTrainer(user=trainer))
        enrol_person(today, person, actor=trainer, now=now)
        db.session.commit()
        day = ParticipantDay(username, person.full_name, today.title, today.id, course.title)
        db.session.remove()
    return day
