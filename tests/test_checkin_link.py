"""The check-in link /attendance/c/<id>/<code> reveals a session only with a live code of
that session, and never a draft: a wrong code, an unknown id and a draft look alike."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import make_command_tree, make_course, make_person, make_session
from training.attendance import checkin
from training.attendance.models import Attendance


@pytest.fixture
def sessions(db):
    tree = make_command_tree()
    soon = datetime.now(UTC) + timedelta(minutes=10)
    course = make_course(tier=3)
    return {
        "scheduled": make_session(course, tree["polres_1"], starts_at=soon, title="Kelas Rahasia"),
        "draft": make_session(
            course, tree["polres_2"], starts_at=soon, title="Draf Siklus", status="draft"
        ),
        "person": make_person(tree["polsek_1"]),
    }


def _live(app, session) -> str:
    return checkin.codes_at(app.config["SECRET_KEY"], session.uid, datetime.now(UTC)).url_code


def test_a_wrong_code_reveals_nothing(client, login, sessions):
    login("participant", person=sessions["person"])
    session = sessions["scheduled"]

    response = client.get(f"/attendance/c/{session.id}/abc")
    unknown = client.get("/attendance/c/999999/abc")
    page = client.get(f"/attendance/c/{session.id}/abc", follow_redirects=True).text

    assert response.status_code == unknown.status_code == 302
    assert response.headers["Location"] == unknown.headers["Location"] == "/attendance/checkin"
    assert "Kelas Rahasia" not in page and "Kode presensi salah" in page


def test_a_draft_is_never_shown_even_with_its_code(app, client, login, sessions):
    login("participant", person=sessions["person"])
    draft = sessions["draft"]

    response = client.get(f"/attendance/c/{draft.id}/{_live(app, draft)}", follow_redirects=True)
    posted = client.post(f"/attendance/c/{draft.id}/{_live(app, draft)}", follow_redirects=True)

    assert "Draf Siklus" not in response.text and "Draf Siklus" not in posted.text
    assert Attendance.query.count() == 0


def test_the_live_code_shows_the_session_to_confirm(app, client, login, sessions):
    login("participant", person=sessions["person"])
    session = sessions["scheduled"]

    page = client.get(f"/attendance/c/{session.id}/{_live(app, session)}")

    assert page.status_code == 200 and "Kelas Rahasia" in page.text
