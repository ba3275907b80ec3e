"""Small data for the two-process tests: one open check-in session and two courses whose
participants have completed them (certificates not issued yet)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from tests.factories import (
    enrol,
    make_course,
    make_course_status,
    make_person,
    make_program,
    make_session,
    make_tree,
    make_user,
)
from tests.test_reminders import make_certificate
from training.certificates.models import OutboxMessage
from training.extensions import db

PARTICIPANTS = 12
SINGLE_ISSUES = 8
BULK_ISSUES = 10
OUTBOX = 20
EXPIRING = 5


def seed() -> dict:
    """Create the data (not committed) and return the ids and usernames the tests use."""
    tree = make_tree()
    admin = make_user(("admin",), username="mp_admin")
    now = datetime.now(UTC)
    session = make_session(
        make_course(tier=3), tree["polres_a"], starts_at=now + timedelta(minutes=15)
    )
    participants = []
    for n in range(PARTICIPANTS):
        person = make_person(tree["polsek_a"], nrp=f"{91000000 + n}")
        enrol(session, person)
        user = make_user(person=person, username=f"mp_peserta{n:02d}")
        participants.append({"person": person.id, "username": user.username})
    program = make_program()
    single, bulk = make_course(program, tier=1), make_course(program, tier=2)
    single_people = []
    for n in range(SINGLE_ISSUES):
        person = make_person(tree["polda_a"], nrp=f"{92000000 + n}", position="kapolda")
        make_course_status(person, single)
        single_people.append(person.id)
    for n in range(BULK_ISSUES):
        person = make_person(tree["polres_a"], nrp=f"{93000000 + n}", position="kapolres")
        make_course_status(person, bulk)
    expiring, refresher = [], make_course(program, tier=3)
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    for n in range(EXPIRING):
        person = make_person(
            tree["polsek_a"], nrp=f"{94000000 + n}", email=f"pemegang{n}@polri.go.id"
        )
        cert = make_certificate(
            person, refresher, today + timedelta(days=10), serial=f"SERT/2025/12/{900000 + n}"
        )
        expiring.append(cert.id)
    db.session.execute(
        insert(OutboxMessage),
        [
            {
                "kind": "expiry_30",
                "recipient": f"penerima{n:02d}@polri.go.id",
                "subject": f"Sertifikat {n} segera kedaluwarsa",
                "body": "Pengingat.",
                "created_at": now,
                "attempts": 0,
                "last_error": "",
            }
            for n in range(OUTBOX)
        ],
    )
    return {
        "admin": admin.username,
        "session": session.id,
        "participants": participants,
        "single_course": single.id,
        "single_people": single_people,
        "bulk_course": bulk.id,
        "expiring": expiring,
    }
