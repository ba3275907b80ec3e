"""Certificate pages: issue actions, lists, detail, PDF, revoke, "Sertifikat saya", bulk, API."""

import io
import zipfile
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.factories import (
    enrol,
    make_command_tree,
    make_course,
    make_course_status,
    make_people_across_units,
    make_person,
    make_session,
    make_tree,
    make_user,
    sign_off_roll_call,
)
from tests.statements import count_statements
from training.certificates.models import Certificate
from training.certificates.services import issue_certificate
from training.programs.models import CourseStatus


@pytest.fixture
def tree(db):
    return make_tree()


def _certified(tree, course, admin=None, **kw):
    person = make_person(tree["polsek_a"], **kw)
    make_course_status(person, course)
    return issue_certificate(person, course, actor=admin, today=date(2026, 11, 25))


def test_trainer_issues_all_eligible_people_of_a_session(client, login, tree, db):
    course = make_course(tier=3, title="Pengelolaan Akun Polsek")
    session = make_session(course, tree["polres_a"])
    people = [make_person(tree["polsek_a"]) for _ in range(3)]
    for p in people:
        make_course_status(p, course)
        enrol(session, p)
    make_course_status(make_person(tree["polsek_a"]), course)  # not in the session
    sign_off_roll_call(session, make_user(roles=("trainer",)))
    login("trainer")
    listing = client.get(f"/certificates/?session={session.id}")
    assert "3 peserta memenuhi syarat" in listing.text
    response = client.post("/certificates/issue", data={"session": session.id, "confirm": "y"})
    assert response.status_code == 302
    assert "3 sertifikat diterbitkan." in client.get(response.location).text
    assert db.session.scalar(select(db.func.count(Certificate.id))) == 3
    again = client.post(
        "/certificates/issue", data={"session": session.id, "confirm": "y"}, follow_redirects=True
    )
    assert "Tidak ada peserta yang memenuhi syarat" in again.text


def test_issuing_for_someone_not_completed_flashes_the_rule(client, login, tree):
    course = make_course()
    person = make_person(tree["polsek_a"], full_name="Andi Saputra")
    make_course_status(person, course, status="in_progress")
    login("admin")
    response = client.post(
        "/certificates/issue",
        data={"course": course.id, "person": person.id},
        follow_redirects=True,
    )
    assert "Andi Saputra belum menyelesaikan kursus ini" in response.text


def test_commander_lists_only_certificates_inside_the_command(client, login, tree):
    course = make_course(title="Tingkat Tiga")
    inside = _certified(tree, course, full_name="Dewi Lestari")
    outsider = make_person(tree["polsek_b"], full_name="Yohanes Wenda")
    make_course_status(outsider, course)
    issue_certificate(outsider, course, actor=None, today=date(2026, 11, 25))
    login("commander", unit=tree["polda_a"])
    page = client.get(f"/certificates/?course={course.id}").text
    assert inside.serial in page and "Dewi Lestari" in page
    assert "Yohanes Wenda" not in page


def test_participant_sees_and_downloads_only_their_own_certificates(client, login, tree):
    course = make_course(title="Tingkat Satu")
    mine = _certified(tree, course, full_name="Rina Marlina")
    other = _certified(tree, course, full_name="Joko Susilo")
    login("participant", person=mine.person)
    page = client.get("/certificates/mine").text
    assert mine.serial in page and "Joko Susilo" not in page
    with client.get(f"/certificates/{mine.id}.pdf") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")
    assert client.get(f"/certificates/{other.id}.pdf").status_code == 404
    assert client.get(f"/certificates/{other.id}").status_code == 404


def test_admin_revokes_with_a_reason_and_an_empty_reason_is_refused(client, login, tree, db):
    cert = _certified(tree, make_course())
    login("admin")
    empty = client.post(
        f"/certificates/{cert.id}/revoke", data={"reason": ""}, follow_redirects=True
    )
    assert "Alasan pencabutan: Wajib diisi." in empty.text
    assert cert.state == "valid"
    done = client.post(
        f"/certificates/{cert.id}/revoke",
        data={"reason": "Nilai penilaian salah input", "confirm": "y"},
        follow_redirects=True,
    )
    assert f"Sertifikat {cert.serial} dicabut." in done.text
    db.session.refresh(cert)
    assert (cert.state, cert.revoke_reason) == ("revoked", "Nilai penilaian salah input")


def test_detail_page_shows_the_grouped_verification_code(client, login, tree):
    cert = _certified(tree, make_course())
    login("trainer")
    page = client.get(f"/certificates/{cert.id}").text
    code = cert.verify_code
    assert f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}" in page
    assert f"http://localhost/verify/{code}" in page


def test_bulk_zip_holds_one_pdf_per_certificate_of_the_unit(client, login, tree):
    course = make_course()
    certs = [_certified(tree, course) for _ in range(3)]
    login("trainer")
    with client.get(f"/certificates/bulk.zip?unit={tree['polres_a'].code}") as response:
        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert len(archive.namelist()) == len(certs)
    assert all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())
    with client.get(f"/certificates/bulk.pdf?course={course.id}") as response:
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")


def test_api_lists_certificates_of_a_unit_within_scope(client, login, tree):
    course = make_course(title="Tingkat Tiga", tier=3)
    cert = _certified(tree, course, full_name="Putu Ayu", nrp="90010777")
    login("commander", unit=tree["polda_a"])
    body = client.get(f"/api/v1/certificates?unit={tree['polres_a'].code}").get_json()
    assert body["total"] == 1
    item = body["items"][0]
    assert item["serial"] == cert.serial
    assert item["holder"] == {"nrp": "90010777", "name": "Putu Ayu"}
    assert item["course"]["title"] == "Tingkat Tiga"
    assert item["status"] == "valid"
    assert (item["issued_on"], item["valid_until"]) == ("2026-11-25", "2027-11-24")
    assert item["verify_url"] == f"http://localhost/verify/{cert.verify_code}"
    assert item["pdf_url"] == f"http://localhost/api/v1/certificates/{cert.id}.pdf"
    out = client.get(f"/api/v1/certificates?unit={tree['polres_b'].code}")
    assert out.status_code == 404


def test_api_pdf_url_works_with_the_same_bearer_token(client, tree, db):
    from training.auth.tokens import issue_token

    course = make_course(title="Tingkat Tiga", tier=3)
    cert = _certified(tree, course, full_name="Putu Ayu")
    reader = make_user(roles=("commander",), unit=tree["polda_a"])
    _token, secret = issue_token(reader, "dasbor", 30)
    db.session.commit()
    bearer = {"Authorization": f"Bearer {secret}"}
    listing = client.get(f"/api/v1/certificates?unit={tree['polres_a'].code}", headers=bearer)
    url = listing.get_json()["items"][0]["pdf_url"]
    assert url == f"http://localhost/api/v1/certificates/{cert.id}.pdf"
    response = client.get(url, headers=bearer)
    assert response.status_code == 200, response.location
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert client.get(url).status_code == 401  # no token: 401, never the login page
    outsider = make_user(roles=("commander",), unit=tree["polda_b"])
    _token, other = issue_token(outsider, "dasbor", 30)
    db.session.commit()
    assert client.get(url, headers={"Authorization": f"Bearer {other}"}).status_code == 404


def test_revoked_and_superseded_are_marked_and_left_out_of_bulk_unless_asked(
    client, login, tree, db
):
    from pypdf import PdfReader

    from training.certificates.services import revoke

    course = make_course()
    valid, revoked = _certified(tree, course), _certified(tree, course)
    first = _certified(tree, course, full_name="Sari Dewi")
    person = first.person
    status = db.session.scalar(
        select(CourseStatus).where(CourseStatus.person_id == first.person_id)
    )
    status.completed_on = date(2026, 12, 1)
    newer = issue_certificate(person, course, actor=None, today=date(2026, 12, 2))
    login("admin")
    before = client.get(f"/certificates/{revoked.id}.pdf").data
    revoke(revoked, actor=None, reason="Data keliru", now=datetime(2026, 12, 2, 19, 50, tzinfo=UTC))
    db.session.commit()
    after = client.get(f"/certificates/{revoked.id}.pdf").data
    assert after != before
    assert "DICABUT pada 3 Desember 2026" in PdfReader(io.BytesIO(after)).pages[0].extract_text()
    unit = tree["polres_a"].code
    with client.get(f"/certificates/bulk.zip?unit={unit}") as response:
        names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert sorted(names) == sorted(f"{c.serial.replace('/', '-')}.pdf" for c in (valid, newer))
    with client.get(f"/certificates/bulk.pdf?unit={unit}&include_revoked=1") as response:
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages]
    assert len(pages) == 4
    assert sum("DICABUT pada" in p for p in pages) == 1
    assert sum(f"DIGANTIKAN oleh {newer.serial}" in p for p in pages) == 1
    assert "include_revoked" in client.get(f"/certificates/?unit={unit}").text


def test_pdfs_of_an_unprintable_certificate_are_refused_with_a_message(client, login, tree, db):
    course = make_course()
    cert = _certified(tree, course, full_name="Budi Santoso")
    cert.holder_name = "Budi 𓀀"  # stored before fonts were checked
    db.session.commit()
    login("admin")
    single = client.get(f"/certificates/{cert.id}.pdf", follow_redirects=True)
    assert single.mimetype == "text/html"
    assert "tidak tersedia pada fon sertifikat" in single.text and cert.serial in single.text
    bulk = client.get(f"/certificates/bulk.zip?course={course.id}", follow_redirects=True)
    assert bulk.mimetype == "text/html" and "tidak tersedia pada fon sertifikat" in bulk.text


def test_list_statements_are_the_same_for_one_course_or_many(client, login, tree, db):
    """3 certificates of one course and one unit, then 30 more of 6 courses in 6
    programmes for people of 10 Polres with varied ranks: the list costs the same."""
    admin = make_user(roles=("admin",))
    course = make_course(tier=3)
    for _ in range(3):
        _certified(tree, course, admin)
    db.session.commit()
    login("admin")

    def count():
        db.session.expire_all()
        with count_statements() as statements:
            html = client.get("/certificates/").text
        return len(statements), html.count("<tr")

    few = count()
    courses = [make_course(tier=1 + n % 3) for n in range(6)]
    for n, person in enumerate(make_people_across_units(10, 3, parent=tree["polda_a"])):
        make_course_status(person, courses[n % 6])
        issue_certificate(person, courses[n % 6], actor=admin, today=date(2026, 11, 25))
    db.session.commit()
    many = count()

    assert (few[1], many[1]) == (1 + 3, 1 + 33)
    assert many[0] == few[0]


def test_a_bad_unit_code_is_a_message_at_the_filter_for_a_kapolres(client, login):
    units, course = make_command_tree(), make_course(title="Tingkat Satu")
    named = {"polres_1": "Kepala Satu", "polsek_1": "Anggota Satu", "polsek_2": "Anggota Dua"}
    for unit, name in named.items():
        _certified({"polsek_a": units[unit]}, course, full_name=name)
    login("commander", unit=units["polres_1"])

    for code in ("15.16.1", units["polres_2"].code):  # unknown, then the sibling Polres
        page = client.get(f"/certificates/?course=&unit={code}")
        assert page.status_code == 200
        assert f"Satuan {code} tidak ditemukan dalam lingkup Anda." in page.text
        assert f'value="{code}"' in page.text
        assert "Anggota Dua" not in page.text and "Anggota Satu" not in page.text
        assert client.get(f"/certificates/bulk.zip?unit={code}").status_code == 404
    good = client.get(f"/certificates/?unit={units['polsek_1'].code}").text
    assert "Anggota Satu" in good and "Kepala Satu" not in good
