"""The data of "a morning of a real cycle" for the load test, added to a copy of the
national-scale bench database: tier-3 sessions in progress now (check-in open), each with
the kapolsek and wakapolsek of one Polres enrolled, a trainer account per session, an
account for every enrolled person, and commander accounts for the Polda and Polres.

Accounts get a cheap password hash (like the test factories): the load test logs every
virtual user in once before measuring, and scrypt for ~1,000 logins would only measure the
login. Logins are not part of the measured mix.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import aliased
from werkzeug.security import generate_password_hash

from training.auth.models import User, UserRole
from training.extensions import db
from training.people.models import Person
from training.policy.roles import Role
from training.programs.models import Course, Program
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionStatus, SessionTrainer, TrainingSession
from training.units.models import Unit, in_subtree

PASSWORD = "beban-pagi-2026"
FAST_HASH = "pbkdf2:sha256:1000"
POSITIONS = ["kapolsek", "wakapolsek"]


@dataclass
class Group:
    """The sessions, trainers and participants of one concurrency level."""

    sessions: list[dict] = field(default_factory=list)  # id, uid, polres, people[person ids]
    trainers: dict[int, str] = field(default_factory=dict)  # session id -> username
    participants: dict[int, str] = field(default_factory=dict)  # person id -> username
    commanders: list[tuple[str, str]] = field(default_factory=list)  # (username, unit code)


def _tier3_course() -> Course:
    from training.demo.programme import TITLE

    program = db.session.scalar(select(Program).where(Program.title == TITLE))
    if program is None:
        raise RuntimeError("the bench database has no demo programme (seed-demo failed?)")
    return next(c for c in program.courses if c.tier == 3)


def _busiest_polres(count: int) -> list[Unit]:
    child = aliased(Unit)
    stmt = (
        select(Unit)
        .join(child, child.parent_id == Unit.id)
        .where(Unit.level == "polres")
        .group_by(Unit.id)
        .order_by(func.count(child.id).desc(), Unit.code)
        .limit(count)
    )
    return list(db.session.scalars(stmt))


def _user(username: str, roles: list[str], password_hash: str, **kw) -> dict:
    return {"username": username, "password_hash": password_hash, "roles": roles, **kw}


def _add_users(rows: list[dict], now: datetime) -> None:
    users = [
        {k: v for k, v in row.items() if k != "roles"} | {"created_at": now, "locale": "id"}
        for row in rows
    ]
    db.session.execute(insert(User), users)
    ids = dict(
        db.session.execute(
            select(User.username, User.id).where(User.username.in_([r["username"] for r in rows]))
        ).all()
    )
    db.session.execute(
        insert(UserRole),
        [{"user_id": ids[r["username"]], "role": role} for r in rows for role in r["roles"]],
    )


def build(levels: int, sessions_per_level: int, now: datetime | None = None) -> list[Group]:
    """Add the morning (inside an app context); the caller commits. One Group per level."""
    now = now or datetime.now(UTC)
    course = _tier3_course()
    pw_hash = generate_password_hash(PASSWORD, FAST_HASH)
    polres = _busiest_polres(levels * sessions_per_level)
    groups = [Group() for _ in range(levels)]
    users: list[dict] = []
    for index, unit in enumerate(polres):
        group = groups[index // sessions_per_level]
        session = TrainingSession(
            course=course,
            title=f"Beban pagi {unit.name}",
            starts_at=now - timedelta(minutes=20),
            ends_at=now + timedelta(hours=3),
            venue_unit=unit,
            venue=f"Aula {unit.name}",
            capacity=60,
            audience_unit=unit,
            audience_positions=POSITIONS,
            status=SessionStatus.SCHEDULED,
            uid=f"{uuid.uuid4()}@beban",
            created_at=now,
            updated_at=now,
        )
        db.session.add(session)
        db.session.flush()
        people = list(
            db.session.scalars(
                select(Person.id)
                .join(Person.unit)
                .where(
                    in_subtree(unit.path),
                    Unit.level == "polsek",
                    Person.position.in_(POSITIONS),
                )
                .order_by(Person.id)
            )
        )
        db.session.execute(
            insert(Enrollment),
            [
                {
                    "session_id": session.id,
                    "person_id": pid,
                    "status": EnrollmentStatus.ENROLLED,
                    "created_at": now,
                    "updated_at": now,
                }
                for pid in people
            ],
        )
        trainer = f"beban-pelatih-{session.id}"
        users.append(_user(trainer, [Role.TRAINER], pw_hash))
        group.trainers[session.id] = trainer
        group.sessions.append(
            {"id": session.id, "uid": session.uid, "polres": unit.code, "people": people}
        )
        for pid in people:
            name = f"beban-peserta-{pid}"
            users.append(_user(name, [Role.PARTICIPANT], pw_hash, person_id=pid))
            group.participants[pid] = name
        commander = f"beban-kapolres-{unit.code}"
        users.append(_user(commander, [Role.COMMANDER], pw_hash, unit_id=unit.id))
        group.commanders.append((commander, unit.code))
        polda = unit.parent
        name = f"beban-kapolda-{polda.code}-{index}"
        users.append(_user(name, [Role.COMMANDER], pw_hash, unit_id=polda.id))
        group.commanders.append((name, polda.code))
    _add_users(users, now)
    trainer_ids = dict(
        db.session.execute(
            select(User.username, User.id).where(User.username.like("beban-pelatih-%"))
        ).all()
    )
    db.session.execute(
        insert(SessionTrainer),
        [
            {"session_id": sid, "user_id": trainer_ids[name]}
            for group in groups
            for sid, name in group.trainers.items()
        ],
    )
    return groups
