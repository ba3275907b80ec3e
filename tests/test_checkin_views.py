"""Self check-in pages: the QR link's confirm page, the typed-code form, the messages."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import (
    enrol,
    make_course,
    make_people_across_units,
    make_person,
    make_session,
    make_tree,
)
from tests.statements import count_statements
from training.attendance import checkin
from training.attendance.models import Attendance
from training.audit.models import AuditEntry


@pytest.fixture
def running(db):
    """A session that began ten minutes ago, with one enrolled person."""
    tree = make_tree()
    session = make_session(
        make_course(tier=3), tree["polres_a"], starts_at=datetime.now(UTC) - timedelta(minutes=10)
    )
    person = make_person(tree["polsek_a"])
    enrol(session, person)
    db.session.commit()
    return tree, session, person


def _code(app, session, kind="short_code"):
    return getattr(checkin.codes_at(app.config["SECRET_KEY"], session.uid, datetime.now(UTC)), kind)


def test_scanned_link_asks_for_confirmation_before_checking_in(app, client, login, running):
    _tree, session, person = running
    login("participant", person=person)

    page = client.get(f"/attendance/c/{session.id}/{_code(app, session, 'url_code')}")

    assert page.status_code == 200 and "Catat kehadiran saya" in page.text
    assert Attendance.query.count() == 0


def test_confirming_the_scanned_link_checks_in_by_qr(app, client, login, running):
    _tree, session, person = running
    user = login("participant", person=person)

    response = client.post(
        f"/attendance/c/{session.id}/{_code(app, session, 'url_code')}", follow_redirects=True
    )

    assert "Presensi tercatat: Hadir" in response.text
    row = Attendance.query.one()
    assert (row.person_id, row.status, row.method) == (person.id, "hadir", "qr")
    assert AuditEntry.query.filter_by(entity="attendance").one().user_id == user.id


def test_typed_code_form_lists_the_running_session_and_checks_in(app, client, login, running):
    _tree, session, person = running
    login("participant", person=person)

    form = client.get("/attendance/checkin").text
    response = client.post(
        "/attendance/checkin",
        data={"session_id": session.id, "code": _code(app, session).lower()},
        follow_redirects=True,
    )

    assert f'<option value="{session.id}">' in form
    assert "Presensi tercatat: Hadir" in response.text
    assert Attendance.query.one().method == "code"


def test_wrong_code_is_refused_with_a_message(client, login, running):
    _tree, session, person = running
    login("participant", person=person)

    response = client.post(
        "/attendance/checkin",
        data={"session_id": session.id, "code": "ZZZZZZ"},
        follow_redirects=True,
    )

    assert "Kode presensi salah atau sudah kedaluwarsa" in response.text
    assert Attendance.query.count() == 0


def test_person_not_enrolled_is_told_so(app, client, login, running):
    tree, session, _person = running
    login("participant", person=make_person(tree["polsek_a"]))

    response = client.post(
        f"/attendance/c/{session.id}/{_code(app, session, 'url_code')}", follow_redirects=True
    )

    assert "Anda tidak terdaftar sebagai peserta sesi ini" in response.text


def test_account_without_a_person_cannot_check_in(app, client, login, running):
    _tree, session, _person = running
    login("trainer")

    response = client.post(
        f"/attendance/c/{session.id}/{_code(app, session, 'url_code')}", follow_redirects=True
    )

    assert "tidak terhubung dengan data personel" in response.text


def test_admin_edits_a_signed_sheet_through_the_page_with_a_reason(client, login, running, db):
    _tree, session, person = running
    trainer = login("trainer")
    client.post(f"/attendance/sessions/{session.id}", data={f"status-{person.id}": "alpa"})
    client.post(f"/attendance/sessions/{session.id}/signoff", data={"confirm": "y"})
    refused = client.post(
        f"/attendance/sessions/{session.id}",
        data={f"status-{person.id}": "sakit"},
        follow_redirects=True,
    )
    client.post("/logout")
    login("admin")

    no_reason = client.post(
        f"/attendance/sessions/{session.id}",
        data={f"status-{person.id}": "sakit"},
        follow_redirects=True,
    )
    client.post(
        f"/attendance/sessions/{session.id}",
        data={f"status-{person.id}": "sakit", "reason": "Surat dokter diterima"},
    )

    assert "hanya admin" in refused.text
    assert "Tuliskan alasan" in no_reason.text
    row = Attendance.query.one()
    assert (row.status, row.method) == ("sakit", "admin")
    assert session.id in {e.session_id for e in AuditEntry.query.filter_by(user_id=trainer.id)}


def _checked_in_statements(app, client, login, db, size: int) -> tuple[int, int]:
    """Statements of a first typed-code check-in and of a repeated one, in a session of
    ``size`` people from many units (the one checking in is the last)."""
    tree = make_tree()
    session = make_session(
        make_course(tier=3), tree["polres_a"], starts_at=datetime.now(UTC) - timedelta(minutes=10)
    )
    people = make_people_across_units(max(1, size // 5), 5, parent=tree["polda_a"])[:size]
    for person in people:
        enrol(session, person)
    client.post("/logout")
    login("participant", person=people[-1])
    form = {"session_id": session.id, "code": _code(app, session)}
    db.session.expire_all()
    counts = []
    for _attempt in ("first", "again"):
        with count_statements() as statements:
            response = client.post("/attendance/checkin", data=form)
        assert response.status_code == 302
        counts.append(len(statements))
    assert Attendance.query.filter_by(person_id=people[-1].id).count() == 1
    return counts[0], counts[1]


def test_a_check_in_is_a_handful_of_statements_whatever_the_session_size(app, client, login, db):
    """The signed-in account with its roles, the open sessions with course and venue, one
    state read, the insert and its audit entry: the course standing is refreshed after the
    request (tests/test_checkin_standing.py)."""
    alone = _checked_in_statements(app, client, login, db, 1)
    crowd = _checked_in_statements(app, client, login, db, 60)

    assert alone == crowd  # the same whatever the session size
    first, repeat = alone
    assert first <= 5 and repeat <= 3  # a first check-in, and one repeated


def test_projector_and_its_poll_draw_the_qr_without_reportlab(client, login, db, monkeypatch):
    """The QR comes from the compiled zxing-cpp encoder (~0.2 ms), not reportlab's
    pure-Python one (~20 ms per poll)."""
    from reportlab.graphics.barcode import qrencoder

    def refuse(*_args, **_kw):
        raise AssertionError("reportlab's pure-Python QR encoder was called")

    monkeypatch.setattr(qrencoder.QRCode, "make", refuse)
    tree = make_tree()
    soon = datetime.now(UTC) + timedelta(hours=1)  # a closed session shows no code at all
    session = make_session(make_course(tier=3), tree["polres_a"], starts_at=soon)
    db.session.commit()
    login("admin")

    page = client.get(f"/attendance/sessions/{session.id}/projector")
    poll = client.get(f"/attendance/sessions/{session.id}/code.json")

    assert page.status_code == poll.status_code == 200
    assert "<svg" in page.text and poll.get_json()["svg"].startswith("<svg")
