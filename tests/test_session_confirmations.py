"""What cannot be undone asks for a confirmation (and for cancelling, a reason), and a
closed session (over, signed off, cancelled) refuses editing, cancelling and the projector
on the server, with the reason in words."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import (
    enrol,
    make_course,
    make_course_status,
    make_person,
    make_session,
    make_tree,
    sign_off_roll_call,
)
from training.attendance.models import Attendance, AttendanceSignoff
from training.audit.models import AuditEntry
from training.certificates.models import Certificate
from training.certificates.services import issue_certificate
from training.extensions import db as _db
from training.sessions.models import TrainingSession

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
CANCEL = {"scope": "this", "reason": "Ruang rapat dipakai Kapolda", "confirm": "y"}


@pytest.fixture
def tree(db):
    return make_tree()


def _status(session_id):
    _db.session.expire_all()
    return _db.session.get(TrainingSession, session_id).status


def _audits(entity, action):
    return _db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.action == action)
    ).all()


# --- cancelling: reason and "Saya yakin" -----------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scope": "this", "reason": "Ruang dipakai"}, "Centang konfirmasi untuk membatalkan."),
        ({"scope": "this", "reason": "  ", "confirm": "y"}, "Tuliskan alasan pembatalan."),
    ],
)
def test_cancelling_without_confirmation_or_reason_changes_nothing(
    client, login, tree, data, message
):
    session = make_session(make_course(), tree["polres_a"], starts_at=SOON)
    login("trainer")

    response = client.post(f"/sessions/{session.id}/cancel", data=data, follow_redirects=True)

    assert message in response.text
    assert _status(session.id) == "scheduled"
    assert _audits("session", "cancel") == []


def test_cancelling_with_a_reason_is_audited_with_that_reason(client, login, tree):
    session = make_session(make_course(), tree["polres_a"], starts_at=SOON)
    trainer = login("trainer")

    response = client.post(f"/sessions/{session.id}/cancel", data=CANCEL, follow_redirects=True)

    assert "1 pertemuan dibatalkan." in response.text
    assert 'data-stage="cancelled">Dibatalkan</span>' in response.text
    assert _status(session.id) == "cancelled"
    [entry] = _audits("session", "cancel")
    assert (entry.user_id, entry.entity_id, entry.reason) == (
        trainer.id,
        session.id,
        "Ruang rapat dipakai Kapolda",
    )


def test_the_participants_are_told_of_the_cancellation_with_the_reason(client, login, tree):
    from tests.factories import make_user
    from training.notifications.models import Notification

    session = make_session(make_course(), tree["polres_a"], starts_at=SOON)
    person = make_person(tree["polsek_a"], full_name="Peserta Terdaftar")
    enrol(session, person)
    participant = make_user(roles=("participant",), person=person)
    login("trainer")

    client.post(f"/sessions/{session.id}/cancel", data=CANCEL)

    [notice] = _db.session.scalars(
        select(Notification).where(Notification.user_id == participant.id)
    ).all()
    assert notice.kind == "session_cancelled"
    assert "Alasan: Ruang rapat dipakai Kapolda" in notice.body


def test_cancelling_a_whole_series_records_the_reason_for_every_meeting(client, login, tree):
    login("trainer")
    client.post(
        "/sessions/new",
        data={
            "course": make_course().id,
            "day": SOON.date().isoformat(),
            "start_time": "09:00",
            "end_time": "11:00",
            "venue_code": tree["polres_a"].code,
            "audience_code": tree["polres_a"].code,
            "capacity": "30",
            "freq": "weekly",
            "weekdays": [str(SOON.weekday())],
            "interval": "1",
            "ends": "count",
            "count": "3",
        },
    )
    first = _db.session.scalars(select(TrainingSession).order_by(TrainingSession.starts_at)).first()

    client.post(f"/sessions/{first.id}/cancel", data={**CANCEL, "scope": "all"})

    entries = _audits("session", "cancel")
    assert len(entries) == 3
    assert {e.reason for e in entries} == {"Ruang rapat dipakai Kapolda"}


# --- closed sessions: no edit, no cancel, no projector ---------------------------------


def _past(tree):
    return make_session(make_course(), tree["polres_a"])  # 3 November 2026: over


def test_a_past_session_refuses_edit_and_cancel_on_the_server(client, login, tree):
    session = _past(tree)
    login("trainer")

    edit = client.get(f"/sessions/{session.id}/edit", follow_redirects=True)
    posted = client.post(
        f"/sessions/{session.id}/edit", data={"title": "Diubah"}, follow_redirects=True
    )
    cancel = client.post(f"/sessions/{session.id}/cancel", data=CANCEL, follow_redirects=True)

    for response in (edit, posted, cancel):
        assert response.request.path == f"/sessions/{session.id}"
        assert "Sesi ini sudah selesai; tidak dapat diubah, dibatalkan" in response.text
    assert _status(session.id) == "scheduled" and session.title == ""
    assert _audits("session", "cancel") == []


def test_a_cancelled_session_cannot_be_cancelled_or_edited_again(client, login, tree):
    session = make_session(make_course(), tree["polres_a"], starts_at=SOON, status="cancelled")
    login("trainer")

    cancel = client.post(f"/sessions/{session.id}/cancel", data=CANCEL, follow_redirects=True)
    edit = client.get(f"/sessions/{session.id}/edit", follow_redirects=True)

    assert "Sesi ini sudah dibatalkan" in cancel.text and "Sesi ini sudah dibatalkan" in edit.text
    assert _audits("session", "cancel") == []


def test_the_session_page_hides_what_a_closed_session_no_longer_allows(client, login, tree):
    past, future = _past(tree), make_session(make_course(), tree["polres_a"], starts_at=SOON)
    login("trainer")

    closed = client.get(f"/sessions/{past.id}").text
    open_ = client.get(f"/sessions/{future.id}").text

    assert 'data-stage="ended">Selesai</span>' in closed
    assert "/edit" not in closed and "/projector" not in closed and "/cancel" not in closed
    assert f"/sessions/{future.id}/edit" in open_ and f"/{future.id}/projector" in open_
    assert f"/sessions/{future.id}/cancel" in open_ and "Saya yakin" in open_


def test_the_projector_of_a_closed_session_shows_no_code(client, login, tree):
    session = _past(tree)
    login("trainer")

    page = client.get(f"/attendance/sessions/{session.id}/projector")
    feed = client.get(f"/attendance/sessions/{session.id}/code.json").get_json()

    assert page.status_code == 200
    assert "Presensi sesi ini ditutup." in page.text
    assert 'id="short-code"' not in page.text and 'id="qr"' not in page.text
    assert feed["closed"] is True and feed["code"] is None and "svg" not in feed


# --- signing off the roll call ---------------------------------------------------------


def _marked_past_session(tree):
    session = _past(tree)
    person = make_person(tree["polsek_a"])
    enrol(session, person)
    now = datetime(2026, 11, 3, 4, 0, tzinfo=UTC)
    _db.session.add(
        Attendance(
            session_id=session.id,
            person_id=person.id,
            status="hadir",
            method="roll_call",
            updated_at=now,
        )
    )
    _db.session.commit()
    return session


def test_signing_off_without_confirmation_locks_nothing(client, login, tree):
    session = _marked_past_session(tree)
    login("trainer")

    response = client.post(
        f"/attendance/sessions/{session.id}/signoff", data={}, follow_redirects=True
    )

    assert "Centang konfirmasi untuk menandatangani." in response.text
    assert _db.session.scalar(select(func.count(AttendanceSignoff.id))) == 0


def test_signing_off_with_confirmation_records_the_note(client, login, tree):
    session = _marked_past_session(tree)
    trainer = login("trainer")

    response = client.post(
        f"/attendance/sessions/{session.id}/signoff",
        data={"confirm": "y", "note": "Semua hadir, dicek ulang"},
        follow_redirects=True,
    )

    assert "Daftar hadir ditandatangani dan dikunci." in response.text
    assert 'data-stage="signed">Ditandatangani</span>' in response.text
    assert "/projector" not in response.text  # the sheet no longer offers the QR screen
    [entry] = _audits("attendance_signoff", "create")
    assert (entry.user_id, entry.reason) == (trainer.id, "Semua hadir, dicek ulang")


# --- certificates: for everyone from the session page, revoking ------------------------


def _settled(tree, admin):
    course = make_course(tier=3)
    session = make_session(course, tree["polres_a"])
    people = [make_person(tree["polsek_a"], full_name=f"Lulus {i}") for i in range(2)]
    for person in people:
        make_course_status(person, course)
        enrol(session, person)
    sign_off_roll_call(session, admin)
    _db.session.commit()
    return session, people


def test_issuing_from_a_signed_off_session_still_on_says_when_it_can(client, login, tree):
    trainer = login("trainer")
    course = make_course(tier=3)
    now = datetime.now(UTC).replace(microsecond=0)
    session = make_session(course, tree["polres_a"], starts_at=now - timedelta(hours=1))
    person = make_person(tree["polsek_a"], full_name="Masih Di Kelas")
    make_course_status(person, course)
    enrol(session, person)
    sign_off_roll_call(session, trainer)
    _db.session.commit()

    page = client.get(f"/certificates/sessions/{session.id}/issue").text

    assert "0 peserta sesi ini memenuhi syarat" in page
    assert "Sesi ini belum berakhir: sertifikat dapat diterbitkan setelah" in page
    assert "Masih Di Kelas" not in page


def _certificates():
    return _db.session.scalar(select(func.count(Certificate.id)))


def test_certificates_are_issued_from_the_session_page_after_confirmation(client, login, tree):
    trainer = login("trainer")
    session, _people = _settled(tree, trainer)

    detail = client.get(f"/sessions/{session.id}").text
    page = client.get(f"/certificates/sessions/{session.id}/issue").text
    refused = client.post(
        "/certificates/issue", data={"session": session.id}, follow_redirects=True
    )
    count_after_refusal = _certificates()
    issued = client.post(
        "/certificates/issue", data={"session": session.id, "confirm": "y"}, follow_redirects=True
    )

    assert f"/certificates/sessions/{session.id}/issue" in detail
    assert "Lulus 0" in page and "Lulus 1" in page and "Saya yakin" in page
    assert "Centang konfirmasi untuk menerbitkan" in refused.text
    assert count_after_refusal == 0
    assert "2 sertifikat diterbitkan." in issued.text
    assert _certificates() == 2


def test_revoking_without_confirmation_keeps_the_certificate_valid(client, login, tree):
    admin = login("admin")
    _session, people = _settled(tree, admin)
    cert = issue_certificate(people[0], _session.course, actor=admin, today=date(2026, 11, 25))
    _db.session.commit()

    refused = client.post(
        f"/certificates/{cert.id}/revoke", data={"reason": "Salah input"}, follow_redirects=True
    )
    _db.session.refresh(cert)
    state_after_refusal = cert.state
    client.post(f"/certificates/{cert.id}/revoke", data={"reason": "Salah input", "confirm": "y"})
    _db.session.refresh(cert)

    assert "Centang konfirmasi untuk mencabut." in refused.text
    assert state_after_refusal == "valid"
    assert cert.state == "revoked"
    [entry] = [e for e in _audits("certificate", "revoke")]
    assert entry.reason == "Salah input"
