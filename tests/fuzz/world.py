"""The data the bad-input runs work on: the access matrix's world plus data in region B.

``build_world()`` makes the tree of tests/factories.make_tree, one user per actor of the
access matrix (admin, trainer, cmd_in = commander of polda_a, cmd_out = commander of
polres_b, participant), the URL values of every feature's access rules (so every route has
real ids to aim at), and in region B (polda_b and below) people, a session with enrolments,
attendance marks, course standings and a certificate, so that "nothing outside the
commander's scope changed" compares real rows.
"""

from datetime import UTC, date, datetime

from tests.factories import (
    enrol,
    make_course,
    make_course_status,
    make_person,
    make_session,
    sign_off_roll_call,
)
from tests.test_access_matrix import build_matrix_world
from training.attendance.models import Attendance
from training.auth.tokens import issue_token
from training.certificates.services import issue_certificate
from training.extensions import db


def _region_b(tree, admin) -> dict:
    course = make_course(tier=2, title="Tingkat 2 wilayah B")
    session = make_session(course, tree["polres_b"], title="Sesi wilayah B")
    head = make_person(tree["polres_b"], full_name="Kapolres B", position="kapolres")
    people = [head] + [make_person(tree["polsek_b"], full_name=f"Personel B {i}") for i in (1, 2)]
    for person in people:
        enrol(session, person)
        db.session.add(
            Attendance(
                session=session,
                person=person,
                status="hadir",
                method="roll_call",
                updated_at=datetime(2026, 11, 3, 4, tzinfo=UTC),
            )
        )
    make_course_status(people[0], course)
    make_course_status(people[1], course, status="failed")
    sign_off_roll_call(session, admin)
    cert = issue_certificate(people[0], course, actor=admin, today=date(2026, 11, 25))
    db.session.flush()
    return {
        "b_session": session.id,
        "b_course": course.id,
        "b_person": people[1].id,
        "b_nrp": people[1].nrp,
        "b_cert": cert.id,
        "b_unit": tree["polres_b"].code,
    }


def build_world() -> dict:
    """Build and commit the world; return its tree, users, tokens and URL values."""
    tree, users, values = build_matrix_world("f_")
    values.update(_region_b(tree, users["admin"]))
    secrets = {name: issue_token(users[name], "fuzz")[1] for name in users}
    db.session.commit()
    return {"tree": tree, "users": users, "tokens": secrets, "values": values}
