"""End to end: the QR printed on a certificate opens a page that follows its state."""

import subprocess
from datetime import date
from urllib.parse import urlparse

import pytest
from PIL import Image

from tests.factories import make_course, make_course_status, make_person, make_tree, make_user
from tests.statements import count_statements
from training.certificates.codes import verify_url
from training.certificates.pdf import render_certificate
from training.certificates.services import issue_all, issue_certificate, revoke


def _qr_text(pdf: bytes, tmp_path) -> str:
    zxingcpp = pytest.importorskip("zxingcpp")
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-singlefile",
            str(tmp_path / "c.pdf"),
            str(tmp_path / "c"),
        ],
        check=True,
    )
    with Image.open(tmp_path / "c.png") as image:
        (code,) = zxingcpp.read_barcodes(image.convert("L"))
    return code.text


def _status(client, url: str) -> str:
    return client.get(urlparse(url).path + ".json").get_json()["status"]


def test_scanned_qr_shows_valid_then_revoked(app, client, db, tmp_path):
    tree = make_tree()
    course = make_course(tier=2)
    person = make_person(tree["polres_a"], full_name="Dewi Lestari", nrp="86040123")
    make_course_status(person, course)
    admin = make_user(roles=("admin",))
    cert = issue_certificate(person, course, actor=admin, today=date.today())
    db.session.commit()
    with app.test_request_context():
        url = verify_url(cert)

    scanned = _qr_text(render_certificate(cert, url), tmp_path)

    assert scanned == url
    assert _status(client, scanned) == "valid"
    assert "Dewi Lestari" in client.get(urlparse(scanned).path).text
    revoke(cert, actor=admin, reason="Data kelulusan keliru")
    db.session.commit()
    assert _status(client, scanned) == "revoked"


def test_scanned_qr_of_a_certificate_past_its_validity_shows_expired(app, client, db, tmp_path):
    tree = make_tree()
    course = make_course(tier=1, validity_months=12)
    person = make_person(tree["polda_a"], position="kapolda", rank="Brigjen")
    make_course_status(person, course, completed_on=date(2023, 1, 10))
    cert = issue_certificate(person, course, actor=None, today=date(2023, 1, 10))
    db.session.commit()
    with app.test_request_context():
        url = verify_url(cert)

    scanned = _qr_text(render_certificate(cert, url), tmp_path)

    assert _status(client, scanned) == "expired"


def test_issuing_all_eligible_people_takes_the_same_statements_for_5_or_50(db):
    tree = make_tree()
    admin = make_user(roles=("admin",))

    def statements(n: int) -> int:
        course = make_course(tier=3)
        for _ in range(n):
            make_course_status(make_person(tree["polsek_a"]), course)
        db.session.flush()
        with count_statements() as seen:
            issued = issue_all(course, actor=admin, today=date(2026, 11, 20))
        assert len(issued) == n
        return len(seen)

    assert statements(5) == statements(50)
