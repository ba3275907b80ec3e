"""Public verification page and JSON: states, masked NRP, typed codes, unknown codes, limit."""

from datetime import UTC, date, datetime

import pytest

from tests.conftest import make_app
from tests.factories import make_course, make_course_status, make_person, make_tree
from training.certificates.services import issue_certificate, revoke
from training.core.docfmt import long_day_in
from training.extensions import db as _db


@pytest.fixture
def cert(db):
    tree = make_tree()
    course = make_course(tier=2, title="Pengelolaan Akun Polres")
    course.program.title = "Pelatihan Akun Medsos Bercentang Biru"
    person = make_person(tree["polsek_a"], full_name="Made Wirawan", nrp="87051234", rank="AKP")
    make_course_status(person, course)
    cert = issue_certificate(person, course, actor=None, today=date.today())
    db.session.commit()
    return cert


def test_valid_certificate_shows_holder_course_and_masked_nrp(client, cert):
    page = client.get(f"/verify/{cert.verify_code}")
    assert page.status_code == 200
    text = page.text
    assert "Berlaku" in text and 'data-status="valid"' in text
    assert "(valid)" not in text  # the machine word is for the JSON, not the reader
    assert long_day_in(cert.issued_on) in text and long_day_in(cert.valid_until) in text
    assert cert.issued_on.isoformat() not in text
    for value in ("Made Wirawan", "AKP", "Pengelolaan Akun Polres", cert.serial, "•••••234"):
        assert value in text
    assert "Pelatihan Akun Medsos Bercentang Biru" in text
    assert "87051234" not in text


def test_json_gives_the_status_and_never_the_full_nrp(client, cert):
    body = client.get(f"/verify/{cert.verify_code}.json").get_json()
    assert body["status"] == "valid"
    assert body["certificate"]["holder"] == {
        "name": "Made Wirawan",
        "rank": "AKP",
        "nrp": "•••••234",
        "unit": cert.holder_unit,
    }
    assert body["certificate"]["course"] == {"title": "Pengelolaan Akun Polres", "tier": 2}
    assert "87051234" not in str(body)


def test_revoked_certificate_shows_the_date_but_not_the_internal_reason(client, cert, db):
    revoke(cert, actor=None, reason="Data palsu", now=datetime(2026, 11, 27, 2, 0, tzinfo=UTC))
    db.session.commit()
    text = client.get(f"/verify/{cert.verify_code}").text
    assert "dicabut oleh penerbitnya pada 27 November 2026 dan tidak berlaku lagi" in text
    assert "Data palsu" not in text
    assert client.get(f"/verify/{cert.verify_code}.json").get_json()["status"] == "revoked"


def test_expired_certificate_issued_long_ago_says_expired(client, db):
    tree = make_tree()
    course = make_course(validity_months=12)
    person = make_person(tree["polsek_a"])
    make_course_status(person, course, completed_on=date(2023, 1, 10))
    old = issue_certificate(person, course, actor=None, today=date(2023, 1, 10))
    db.session.commit()
    assert old.valid_until == date(2024, 1, 9)
    assert "Kedaluwarsa" in client.get(f"/verify/{old.verify_code}").text
    assert client.get(f"/verify/{old.verify_code}.json").get_json()["status"] == "expired"


def test_superseded_certificate_says_so(client, db):
    tree = make_tree()
    course = make_course()
    person = make_person(tree["polsek_a"])
    standing = make_course_status(person, course, completed_on=date(2025, 1, 10))
    old = issue_certificate(person, course, actor=None, today=date(2025, 1, 10))
    standing.completed_on = date(2026, 1, 10)
    issue_certificate(person, course, actor=None, today=date(2026, 1, 10))
    db.session.commit()
    assert "Digantikan" in client.get(f"/verify/{old.verify_code}").text


def test_typed_code_in_lower_case_with_dashes_finds_the_certificate(client, cert):
    code = cert.verify_code.lower()
    typed = f" {code[:4]}-{code[4:8]} {code[8:12]}-{code[12:]} "
    response = client.get("/verify", query_string={"code": typed}, follow_redirects=True)
    assert response.status_code == 200
    assert "Made Wirawan" in response.text


def test_unknown_code_reveals_nothing(client, cert):
    page = client.get("/verify/ZZZZZZZZZZZZZZZZ")
    assert page.status_code == 404
    assert "tidak ditemukan" in page.text
    assert "Made Wirawan" not in page.text and cert.serial not in page.text
    body = client.get("/verify/ZZZZZZZZZZZZZZZZ.json").get_json()
    assert body == {"code": "ZZZZZZZZZZZZZZZZ", "status": "not_found", "certificate": None}


def test_verification_is_rate_limited():
    app = make_app(RATELIMIT_ENABLED=True, VERIFY_RATE_LIMIT="3 per minute")
    with app.app_context():
        _db.create_all()
        try:
            client = app.test_client()
            codes = [client.get("/verify/ZZZZZZZZZZZZZZZZ").status_code for _ in range(4)]
            assert codes == [404, 404, 404, 429]
        finally:
            _db.session.remove()
            _db.drop_all()
            _db.engine.dispose()


def test_the_sign_in_page_leads_to_certificate_verification(client):
    page = client.get("/login").text
    assert 'href="/verify"' in page and "Verifikasi sertifikat" in page

    assert client.get("/verify").status_code == 200


def test_the_login_page_leads_to_certificate_verification_without_an_account(client, cert):
    login_page = client.get("/login").text

    assert 'href="/verify"' in login_page
    assert "Verifikasi sertifikat" in login_page
    form = client.get("/verify")  # reachable signed out, and finds the typed code
    assert form.status_code == 200
    assert "Made Wirawan" in client.get(f"/verify/{cert.verify_code}").text
