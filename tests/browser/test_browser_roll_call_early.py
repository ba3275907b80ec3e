"""A status the trainer picks on the roll call before the sheet's script has run (a slow
connection) stays theirs: the sheet's refresh from the server updates only the rows the
trainer has not touched."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.conftest import sign_in_as as _sign_in
from tests.drill_factories import mark_present
from tests.factories import enrol, make_person, make_session
from training.auth.models import User
from training.extensions import db
from training.people.models import Person
from training.programs.models import Course
from training.sessions.models import TrainingSession

pytestmark = pytest.mark.browser


def _running_session(app) -> tuple[int, int, int]:
    """A session that began five minutes ago with the demo participant and a colleague."""
    with app.app_context():
        peserta = db.session.scalar(select(User).where(User.username == "peserta")).person
        course = db.session.scalar(select(Course).where(Course.tier == 3).order_by(Course.id))
        session = make_session(
            course,
            peserta.unit.parent,
            starts_at=datetime.now(UTC) - timedelta(minutes=5),
            title="Kelas Jaringan Lambat",
        )
        colleague = make_person(peserta.unit, full_name="Dewi Lestari", nrp="88120431")
        for person in (peserta, colleague):
            enrol(session, person)
        db.session.commit()
        ids = session.id, peserta.id, colleague.id
        db.session.remove()
    return ids


def _both_checked_in(app, session_id: int, *person_ids: int) -> None:
    with app.app_context():
        session = db.session.get(TrainingSession, session_id)
        for person_id in person_ids:
            mark_present(session, db.session.get(Person, person_id))
        db.session.commit()
        db.session.remove()


def test_a_status_picked_before_the_script_ran_is_not_overwritten_by_the_refresh(
    page: Page, live_server, live_app
):
    session_id, mine, other = _running_session(live_app)
    _sign_in(page, live_server, "pelatih")
    page.route("**/js/attendance-sheet.js", lambda route: route.abort())  # still loading
    page.goto(f"{live_server}/attendance/sessions/{session_id}")
    page.locator(f"#status-{mine}").select_option("izin")

    page.unroute("**/js/attendance-sheet.js")
    page.add_script_tag(url=live_server + "/static/js/attendance-sheet.js")
    _both_checked_in(live_app, session_id, mine, other)  # the server now says hadir for both

    with page.expect_response(lambda r: r.url.endswith("/sheet.json"), timeout=12_000):
        pass
    expect(page.locator(f"#status-{other}")).to_have_value("hadir")  # untouched: refreshed
    expect(page.locator(f"#status-{mine}")).to_have_value("izin")  # picked: kept
