"""Small builders for test data: plain functions, defaults overridable by keyword."""

import uuid
from datetime import UTC, date, datetime, timedelta
from itertools import count

from werkzeug.security import generate_password_hash

from training.auth.models import User
from training.extensions import db
from training.people.models import Person
from training.programs.models import Course, CourseStatus, Program
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import TrainingSession
from training.units.models import Unit
from training.units.services import create_unit

_seq = count(1)
PASSWORD = "kata-sandi-uji-123"
FAST_HASH = "pbkdf2:sha256:1000"


def make_unit(parent: Unit | None = None, level: str | None = None, **kw) -> Unit:
    """Return a new unit; without a parent, a Mabes root; the level follows the parent."""
    n = next(_seq)
    if level is None:
        level = {None: "mabes", "mabes": "polda", "polda": "polres", "polres": "polsek"}[
            parent.level if parent else None
        ]
    kw.setdefault("code", f"T{n:05d}")
    kw.setdefault("name", f"{level.capitalize()} Uji {n}")
    return create_unit(level=level, parent=parent, **kw)


def make_tree() -> dict[str, Unit]:
    """Return a small tree: mabes, two Polda, a Polres under each, Polsek below."""
    mabes = make_unit()
    polda_a, polda_b = make_unit(mabes), make_unit(mabes, timezone="Asia/Makassar")
    polres_a, polres_b = make_unit(polda_a), make_unit(polda_b, timezone="Asia/Makassar")
    polsek_a = make_unit(polres_a)
    polsek_b = make_unit(polres_b, timezone="Asia/Makassar")
    return {
        "mabes": mabes,
        "polda_a": polda_a,
        "polda_b": polda_b,
        "polres_a": polres_a,
        "polres_b": polres_b,
        "polsek_a": polsek_a,
        "polsek_b": polsek_b,
    }


def make_person(unit: Unit | None = None, **kw) -> Person:
    n = next(_seq)
    kw.setdefault("full_name", f"Personel Uji {n}")
    kw.setdefault("nrp", f"{70000000 + n:08d}")
    kw.setdefault("rank", "AKP")
    kw.setdefault("position", "operator_medsos")
    person = Person(unit=unit or make_unit(), **kw)
    db.session.add(person)
    db.session.flush()
    return person


#: Ranks and positions the many-unit worlds cycle through (sworn and civil-service ranks).
VARIED_RANKS = ("AKP", "Bripka", "Kompol", "Iptu", "III/a", "Brigpol", "AKBP", "Aipda", "II/c")
VARIED_POSITIONS = ("operator_medsos", "kapolsek", "wakapolsek", "lainnya", "kapolres")


def make_people_across_units(
    n_units: int, per_unit: int, parent: Unit | None = None, **kw
) -> list[Person]:
    """``per_unit`` people in each of ``n_units`` new units below ``parent`` (default: a new
    Polda under a new Mabes, so the units are Polres), ranks and positions cycling through
    ``VARIED_RANKS`` and ``VARIED_POSITIONS`` (or the ``ranks``/``positions`` given).

    For statement-count tests: a list that loads each row's unit, rank label or position
    one by one shows up only when the rows differ in them."""
    ranks = kw.pop("ranks", VARIED_RANKS)
    positions = kw.pop("positions", VARIED_POSITIONS)
    parent = parent or make_unit(make_unit())
    people = []
    for u in range(n_units):
        unit = make_unit(parent)
        for i in range(per_unit):
            k = u * per_unit + i
            people.append(
                make_person(
                    unit, rank=ranks[k % len(ranks)], position=positions[k % len(positions)], **kw
                )
            )
    return people


def make_user(roles=("participant",), password: str = PASSWORD, **kw) -> User:
    kw.setdefault("username", f"user{next(_seq)}")
    user = User(**kw)
    # a cheap hash keeps the many test logins fast; the app itself uses scrypt
    user.password_hash = generate_password_hash(password, FAST_HASH)
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    return user


TIER_TARGETS = {
    1: (["kapolda", "wakapolda"], ["polda"]),
    2: (["kapolres", "wakapolres"], ["polres"]),
    3: (["kapolsek", "wakapolsek"], ["polsek"]),
}


def make_program(**kw) -> Program:
    kw.setdefault("title", f"Pelatihan Akun Medsos {next(_seq)}")
    kw.setdefault("starts_on", date(2026, 11, 1))
    kw.setdefault("ends_on", date(2026, 12, 10))
    program = Program(**kw)
    db.session.add(program)
    db.session.flush()
    return program


def make_course(program: Program | None = None, tier: int = 1, **kw) -> Course:
    positions, levels = TIER_TARGETS[tier]
    kw.setdefault("title", f"Tingkat {tier}")
    kw.setdefault("target_positions", positions)
    kw.setdefault("target_levels", levels)
    course = Course(program=program or make_program(), tier=tier, **kw)
    db.session.add(course)
    db.session.flush()
    return course


def make_session(course: Course | None = None, venue_unit: Unit | None = None, **kw):
    """A scheduled two-hour session (default 2026-11-03 09.00 WIB)."""
    starts_at = kw.pop("starts_at", datetime(2026, 11, 3, 2, 0, tzinfo=UTC))
    kw.setdefault("ends_at", starts_at + timedelta(hours=2))
    now = datetime(2026, 10, 1, tzinfo=UTC)
    session = TrainingSession(
        course=course or make_course(),
        venue_unit=venue_unit or make_unit(),
        starts_at=starts_at,
        uid=f"{uuid.uuid4()}@presisi",
        created_at=now,
        updated_at=now,
        **kw,
    )
    db.session.add(session)
    db.session.flush()
    return session


def enrol(session, person: Person, status: str = EnrollmentStatus.ENROLLED) -> Enrollment:
    now = datetime(2026, 10, 1, tzinfo=UTC)
    row = Enrollment(session=session, person=person, status=status, created_at=now, updated_at=now)
    db.session.add(row)
    db.session.flush()
    return row


def make_course_status(person: Person, course: Course, status="completed", **kw):
    kw.setdefault("completed_on", date(2026, 11, 20) if status == "completed" else None)
    row = CourseStatus(
        person_id=person.id,
        course=course,
        status=status,
        updated_at=datetime(2026, 11, 20, tzinfo=UTC),
        **kw,
    )
    db.session.add(row)
    db.session.flush()
    return row


def make_command_tree() -> dict[str, Unit]:
    """A Polda with two sibling Polres, each with a Polsek, and a second Polda elsewhere:
    mabes / polda (polres_1 / polsek_1, polres_2 / polsek_2) and polda_x / polres_x / polsek_x."""
    mabes = make_unit()
    polda = make_unit(mabes, name="Polda Metro Uji")
    polres_1, polres_2 = make_unit(polda, name="Polres Satu"), make_unit(polda, name="Polres Dua")
    polda_x = make_unit(mabes, name="Polda Papua Uji", timezone="Asia/Jayapura")
    polres_x = make_unit(polda_x, name="Polres Jauh", timezone="Asia/Jayapura")
    return {
        "mabes": mabes,
        "polda": polda,
        "polres_1": polres_1,
        "polsek_1": make_unit(polres_1, name="Polsek Satu"),
        "polres_2": polres_2,
        "polsek_2": make_unit(polres_2, name="Polsek Dua"),
        "polda_x": polda_x,
        "polres_x": polres_x,
        "polsek_x": make_unit(polres_x, name="Polsek Jauh", timezone="Asia/Jayapura"),
    }


def sign_off_roll_call(session, user) -> None:
    """The trainer's sign-off of ``session``'s roll call."""
    from training.attendance.models import AttendanceSignoff

    db.session.add(
        AttendanceSignoff(
            session_id=session.id,
            signed_by_id=user.id,
            signed_at=session.ends_at + timedelta(minutes=5),
        )
    )
    db.session.flush()
