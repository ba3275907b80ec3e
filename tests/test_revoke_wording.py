"""Revocation: the internal reason stays on staff pages; the public page shows only the
public note, or a standard sentence."""

from datetime import date

import pytest

from tests.factories import make_course, make_course_status, make_person, make_tree
from training.certificates.services import issue_certificate

INTERNAL = "Nilai ujian dipalsukan oleh atasan"
PUBLIC = "Dicabut atas permintaan satuan pemegang."


@pytest.fixture
def cert(db):
    person = make_person(make_tree()["polsek_a"])
    course = make_course()
    make_course_status(person, course)
    cert = issue_certificate(person, course, actor=None, today=date(2026, 11, 25))
    db.session.commit()
    return cert


def _public(client, cert):
    return client.get(f"/verify/{cert.verify_code}").text, client.get(
        f"/verify/{cert.verify_code}.json"
    ).get_json()


def test_the_revoke_form_tells_the_admin_what_the_public_sees(client, login, cert):
    login("admin")

    page = client.get(f"/certificates/{cert.id}").text

    assert "Alasan pencabutan (internal)" in page
    assert "Keterangan publik (boleh kosong)" in page
    assert "tidak pernah di halaman verifikasi publik" in page


def test_the_public_page_shows_the_public_note_and_never_the_internal_reason(
    app, client, login, cert, db
):
    login("admin")
    client.post(
        f"/certificates/{cert.id}/revoke",
        data={"reason": INTERNAL, "public_note": PUBLIC, "confirm": "y"},
    )
    db.session.refresh(cert)
    staff_page = client.get(f"/certificates/{cert.id}").text

    html, body = _public(app.test_client(), cert)

    assert (cert.state, cert.revoke_reason, cert.revoke_public_note) == (
        "revoked",
        INTERNAL,
        PUBLIC,
    )
    assert INTERNAL in staff_page and PUBLIC in staff_page
    assert PUBLIC in html and INTERNAL not in html
    assert body["certificate"]["revoke_note"] == PUBLIC
    assert INTERNAL not in str(body)


def test_without_a_public_note_the_public_page_says_only_that_it_was_revoked(
    app, client, login, cert, db
):
    login("admin")
    client.post(f"/certificates/{cert.id}/revoke", data={"reason": INTERNAL, "confirm": "y"})

    html, body = _public(app.test_client(), cert)

    assert "dicabut oleh penerbitnya pada" in html and "Keterangan:" not in html
    assert INTERNAL not in html and INTERNAL not in str(body)
    assert body["status"] == "revoked" and body["certificate"]["revoke_note"] is None
