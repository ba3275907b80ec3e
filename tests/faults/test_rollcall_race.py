"""Found by the load test: a trainer saves the roll call at the moment a participant checks
in. Both insert the same (session, person) row; the later insert hit the unique constraint
and the trainer got a 500. The save now runs again as an update of the checked-in row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, insert, select

from tests import factories
from tests.conftest import TEST_DATABASE_URL, make_app
from training.attendance.models import Attendance
from training.extensions import db as _db


@pytest.fixture
def app(tmp_path):
    """Two connections must really be two: a file for SQLite, else TEST_DATABASE_URL."""
    url = TEST_DATABASE_URL
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'race.sqlite'}"
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


class CheckInMeanwhile:
    """Just before the roll call's INSERT, the participant's check-in commits on another
    connection, as when both requests arrive at the same moment."""

    def __init__(self, engine, session_id: int, person_id: int) -> None:
        self.engine, self.session_id, self.person_id = engine, session_id, person_id
        self.fired = False

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        if self.fired or not statement.lstrip().upper().startswith("INSERT INTO ATTENDANCE"):
            return
        self.fired = True
        now = datetime.now(UTC)
        with self.engine.connect() as other:
            other.execute(
                insert(Attendance).values(
                    session_id=self.session_id,
                    person_id=self.person_id,
                    status="hadir",
                    note="",
                    method="qr",
                    checked_in_at=now,
                    updated_at=now,
                )
            )
            other.commit()

    def __enter__(self) -> CheckInMeanwhile:
        event.listen(self.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self)


def test_a_roll_call_saved_while_a_participant_checks_in_is_saved_not_a_500(app, client, login):
    tree = factories.make_tree()
    session = factories.make_session(venue_unit=tree["polres_a"])
    people = [factories.make_person(tree["polsek_a"]) for _ in range(3)]
    for person in people:
        factories.enrol(session, person)
    login("admin")
    late, *others = people
    session_id, late_id, other_ids = session.id, late.id, [p.id for p in others]
    marks = {f"status-{p.id}": "izin" for p in people}
    with CheckInMeanwhile(_db.engine, session.id, late.id) as race:
        response = client.post(f"/attendance/sessions/{session.id}", data=marks)
    assert race.fired
    assert response.status_code == 302
    assert "Daftar hadir disimpan" in client.get(response.location).text
    _db.session.remove()
    rows = _db.session.execute(
        select(Attendance.person_id, Attendance.status, Attendance.checked_in_at).where(
            Attendance.session_id == session_id
        )
    ).all()
    by_person = {pid: (status, checked) for pid, status, checked in rows}
    assert len(rows) == 3
    # the trainer's mark wins over the check-in that came first; the check-in time stays
    assert by_person[late_id][0] == "izin" and by_person[late_id][1] is not None
    assert all(by_person[pid] == ("izin", None) for pid in other_ids)
