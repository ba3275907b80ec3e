"""GET /api/v1/sessions/<id>/attendance and /api/v1/people/<nrp>/courses: values, scope."""

from datetime import UTC, datetime

import pytest

from tests.factories import enrol, make_course, make_person, make_session, make_tree
from tests.statements import count_statements
from training.assessments.models import (
    AssessmentAttempt,
    AssessmentScore,
    Competency,
    CourseCompetency,
)
from training.attendance.models import Attendance
from training.standing.engine import refresh_standing

NINE_WITA = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture
def world(db):
    tree = make_tree()
    course = make_course(tier=2, title="Kapolres Bercentang Biru")
    session = make_session(course, tree["polres_b"], starts_at=NINE_WITA)
    ani = make_person(tree["polsek_a"], full_name="Ani Lestari", nrp="83000001")
    budi = make_person(tree["polsek_b"], full_name="Budi Santoso", nrp="83000002")
    for person in (ani, budi):
        enrol(session, person)
    db.session.add(
        Attendance(
            session_id=session.id,
            person_id=ani.id,
            status="terlambat",
            method="qr",
            checked_in_at=datetime(2026, 11, 3, 1, 20, tzinfo=UTC),
            updated_at=NINE_WITA,
        )
    )
    comp = Competency(code="UUITE", name="Hukum dan etika (UU ITE)")
    db.session.add(comp)
    db.session.flush()
    db.session.add(CourseCompetency(course_id=course.id, competency_id=comp.id, weight=1))
    for no, level in ((1, 2), (2, 4)):
        db.session.add(
            AssessmentAttempt(
                person_id=ani.id,
                course_id=course.id,
                attempt_no=no,
                assessed_at=datetime(2026, 11, 3 + no, 3, 0, tzinfo=UTC),
                scores=[AssessmentScore(competency_id=comp.id, level=level)],
            )
        )
    db.session.flush()
    refresh_standing(course, [ani.id, budi.id], now=LATER)
    db.session.commit()
    return {"tree": tree, "course": course, "session": session, "ani": ani}


def test_session_attendance_lists_marks_with_local_check_in_times(client, login, world):
    login("trainer")

    data = client.get(f"/api/v1/sessions/{world['session'].id}/attendance").json

    assert data["timezone"] == "Asia/Makassar" and data["count"] == 2
    assert data["items"] == [
        {
            "nrp": "83000001",
            "name": "Ani Lestari",
            "status": "terlambat",
            "checked_in_at": "2026-11-03T09:20:00+08:00",
            "method": "qr",
        },
        {
            "nrp": "83000002",
            "name": "Budi Santoso",
            "status": None,
            "checked_in_at": None,
            "method": None,
        },
    ]


def test_commander_sees_only_their_subtrees_people_in_a_session(client, login, world):
    login("commander", unit=world["tree"]["polda_b"])

    data = client.get(f"/api/v1/sessions/{world['session'].id}/attendance").json

    assert [item["nrp"] for item in data["items"]] == ["83000002"]


def test_session_out_of_scope_is_404(client, login, world):
    login("commander", unit=world["tree"]["polda_a"])

    response = client.get(f"/api/v1/sessions/{world['session'].id}/attendance")

    assert response.status_code == 404 and "error" in response.json


def test_person_courses_give_standing_and_the_latest_result(client, login, world):
    login("commander", unit=world["tree"]["polda_a"])

    data = client.get("/api/v1/people/83000001/courses").json

    assert data["items"] == [
        {
            "course": {"id": world["course"].id, "title": "Kapolres Bercentang Biru", "tier": 2},
            "status": "completed",
            "completed_on": "2026-11-05",
            "attendance_pct": 100.0,
            "latest_result": {
                "attempt_no": 2,
                "average": 4.0,
                "passed": True,
                "assessed_at": "2026-11-05T03:00:00+00:00",
            },
        }
    ]


def test_participant_reads_their_own_courses_but_nobody_elses(client, login, world):
    login("participant", person=world["ani"])

    assert client.get("/api/v1/people/83000001/courses").status_code == 200
    assert client.get("/api/v1/people/83000002/courses").status_code == 404


def test_person_out_of_scope_or_unknown_is_404(client, login, world):
    login("commander", unit=world["tree"]["polda_b"])

    assert client.get("/api/v1/people/83000001/courses").status_code == 404
    assert client.get("/api/v1/people/99999999/courses").status_code == 404


def test_session_attendance_statements_do_not_grow_with_the_roll(client, login, db, world):
    login("admin")
    url = f"/api/v1/sessions/{world['session'].id}/attendance"
    db.session.expire_all()
    with count_statements() as few:
        client.get(url)
    for _ in range(30):
        enrol(world["session"], make_person(make_tree()["polsek_b"]))
    db.session.commit()
    db.session.expire_all()

    with count_statements() as many:
        data = client.get(url).json

    assert data["count"] == 32 and len(many) == len(few)
