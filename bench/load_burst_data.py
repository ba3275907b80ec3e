"""The data of the check-in burst (bench/load_burst.py): two tier-3 sessions in progress
(the burst's, and one for the side-by-side capacity run) with the same participants
enrolled (people of many Polsek, varied ranks and positions, standing already computed as
at enrolment), an account per participant and one for the trainer.

Built from scratch on an empty database (SQLite file or a fresh PostgreSQL database): the
burst measures the check-in path, whose statements are indexed lookups by session and
person, so it needs no national-scale data. Accounts get a cheap password hash, as in
bench/load_morning.py: logins are done before the measurement and not measured.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from bench.load_morning import FAST_HASH, PASSWORD
from training.auth.models import User, UserRole
from training.extensions import db
from training.people.models import Person
from training.policy.roles import Role
from training.programs.models import Course, Program
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, SessionTrainer, TrainingSession
from training.units.services import create_unit

RANKS = ("AKP", "Iptu", "Ipda", "Aiptu", "Aipda", "Bripka", "Brigpol", "Kompol", "III/a")
POSITIONS = ("kapolsek", "wakapolsek", "operator_medsos", "lainnya")
__all__ = ["PASSWORD", "Burst", "build"]


@dataclass
class Burst:
    """What the clients need: the sessions (id, uid) and every participant's username."""

    sessions: list[tuple[int, str]]  # the burst's, then the capacity run's
    participants: list[str]  # usernames, one per enrolled person
    trainer: str


def _units(polsek_count: int) -> list:
    mabes = create_unit(level="mabes", parent=None, code="B00", name="Mabes Beban")
    polda = create_unit(level="polda", parent=mabes, code="B01", name="Polda Beban")
    polsek = []
    for r in range(max(1, polsek_count // 10)):
        polres = create_unit(level="polres", parent=polda, code=f"B01{r:02d}", name=f"Polres {r}")
        for s in range(10):
            polsek.append(
                create_unit(
                    level="polsek", parent=polres, code=f"B01{r:02d}{s:02d}", name=f"Polsek {r}.{s}"
                )
            )
    return polsek[:polsek_count] or polsek


def add_participants(units, sessions, people: int, label: str, nrp_base: int, prefix: str, now):
    """``people`` participants spread over ``units`` (ranks and positions varied), enrolled in
    each of ``sessions``, each with a participant account ``<prefix>-<person id>`` (password
    PASSWORD); returns (person ids, usernames)."""
    rows = [
        {
            "full_name": f"Peserta {label} {i:05d}",
            "nrp": f"{nrp_base + i:08d}",
            "rank": RANKS[i % len(RANKS)],
            "position": POSITIONS[i % len(POSITIONS)],
            "unit_id": units[i % len(units)].id,
        }
        for i in range(people)
    ]
    db.session.execute(insert(Person), rows)
    ids = list(db.session.scalars(select(Person.id).order_by(Person.id)))
    enrolments = [
        {"session_id": session.id, "person_id": pid, "status": EnrollmentStatus.ENROLLED}
        | {"created_at": now, "updated_at": now}
        for session in sessions
        for pid in ids
    ]
    db.session.execute(insert(Enrollment), enrolments)
    pw_hash = generate_password_hash(PASSWORD, FAST_HASH)
    names = [f"{prefix}-{pid}" for pid in ids]
    db.session.execute(
        insert(User),
        [
            {"username": n, "password_hash": pw_hash, "person_id": pid, "created_at": now}
            | {"locale": "id"}
            for n, pid in zip(names, ids, strict=True)
        ],
    )
    user_ids = dict(db.session.execute(select(User.username, User.id)).all())
    db.session.execute(
        insert(UserRole), [{"user_id": user_ids[n], "role": Role.PARTICIPANT} for n in names]
    )
    return ids, names


def load_session(course, units, people: int, title: str, starts_at, now) -> TrainingSession:
    """A scheduled three-hour session of ``course`` for ``people`` at the first Polsek's
    Polres (the load tests' sessions)."""
    return TrainingSession(
        course=course,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        venue_unit=units[0].parent,
        venue="Aula",
        capacity=people,
        status=SessionStatus.SCHEDULED,
        uid=f"{uuid.uuid4()}@beban",
        created_at=now,
        updated_at=now,
    )


def build(people: int, polsek_count: int = 50, now: datetime | None = None) -> Burst:
    """Add the burst's data (inside an app context) and commit."""
    now = now or datetime.now(UTC)
    units = _units(polsek_count)
    program = Program(
        title="Beban presensi", starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31)
    )
    course = Course(
        program=program,
        tier=3,
        title="Tingkat 3",
        target_positions=["kapolsek", "wakapolsek"],
        target_levels=["polsek"],
        late_grace_minutes=15,
    )
    sessions = [
        load_session(course, units, people, title, now - timedelta(minutes=5), now)
        for title in ("Presensi serentak", "Presensi kapasitas")
    ]
    db.session.add_all([program, course, *sessions])
    db.session.flush()
    ids, names = add_participants(units, sessions, people, "Beban", 80000000, "peserta", now)
    pw_hash = generate_password_hash(PASSWORD, FAST_HASH)
    trainer = {"username": "pelatih-beban", "password_hash": pw_hash, "created_at": now}
    db.session.execute(insert(User), [trainer | {"locale": "id"}])
    trainer_id = db.session.scalar(select(User.id).where(User.username == "pelatih-beban"))
    db.session.execute(insert(UserRole), [{"user_id": trainer_id, "role": Role.TRAINER}])
    user_ids = {"pelatih-beban": trainer_id}
    db.session.execute(
        insert(SessionTrainer),
        [{"session_id": s.id, "user_id": user_ids["pelatih-beban"]} for s in sessions],
    )
    from training.standing.engine import refresh_standing

    refresh_standing(course, ids, now=now)  # "in progress", as enrolment leaves it
    db.session.commit()
    return Burst([(s.id, s.uid) for s in sessions], names, "pelatih-beban")
