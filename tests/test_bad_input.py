"""Bad input never produces a 500: odd URLs, query strings, huge and hostile uploads."""

from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.factories import make_person, make_tree
from training.people.models import Person
from training.units.models import Unit

LIST_URLS = ("/units/", "/people/", "/api/v1/people", "/admin/users")
PARAMS = ("q", "unit", "level", "rank", "position", "sort", "direction", "page", "per_page", "role")


@pytest.fixture
def admin_client(client, login, db):
    make_person(make_tree()["polsek_a"])
    db.session.commit()
    login("admin")
    return client


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    url=st.sampled_from(LIST_URLS),
    params=st.dictionaries(st.sampled_from(PARAMS), st.text(max_size=40), max_size=4),
)
def test_list_pages_never_fail_on_odd_query_strings(admin_client, url, params):
    response = admin_client.get(url, query_string=params)

    assert response.status_code in (200, 400, 404), (url, params, response.status_code)


@pytest.mark.parametrize(
    "url",
    [
        "/units/" + "9" * 300,
        "/units/..%2F..%2Fetc",
        "/people/99999999",
        "/people/-1",
        "/api/v1/units/%E2%80%AE",
        "/admin/users/99999/edit",
    ],
)
def test_unknown_or_malformed_identifiers_answer_404(admin_client, url):
    assert admin_client.get(url).status_code == 404


MULTIPART = "multipart/form-data; boundary=presisi"


def _multipart(payload: bytes) -> bytes:
    """A raw multipart body (the test client would spool a big dict body to a temp file)."""
    head = (
        b'--presisi\r\nContent-Disposition: form-data; name="file"; filename="besar.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n"
    )
    return head + payload + b"\r\n--presisi--\r\n"


@pytest.mark.parametrize("url", ["/units/%00", "/people/?q=a%00b", "/api/v1/people?unit=%00"])
def test_nul_characters_in_urls_are_refused_with_400(admin_client, url):
    response = admin_client.get(url)

    assert response.status_code == 400
    assert "tidak sah" in response.text


def test_nul_characters_in_forms_are_refused_with_400(admin_client):
    response = admin_client.post("/units/new", data={"code": "X\x00", "name": "Polsek Nul"})

    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/units/import", "/people/import"])
def test_an_upload_over_the_limit_is_refused_clearly_and_nothing_written(admin_client, db, url):
    units, people = (
        db.session.scalar(select(func.count(Unit.id))),
        db.session.scalar(select(func.count(Person.id))),
    )
    payload = b"code,name,level,parent_code,timezone\n" + b"x" * (13 * 1024 * 1024)

    response = admin_client.post(url, data=_multipart(payload), content_type=MULTIPART)

    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.text
    assert "Ukuran unggahan paling besar 12 MB." in response.text
    assert db.session.scalar(select(func.count(Unit.id))) == units
    assert db.session.scalar(select(func.count(Person.id))) == people


@pytest.mark.parametrize("url", ["/units/import", "/people/import"])
@pytest.mark.parametrize(
    "payload",
    [b"\x00\x01\x02\xff\xfe", b'"unterminated,quote\n1,2', b"\xef\xbb\xbf", b"PK\x03\x04junk"],
)
def test_garbage_uploads_get_a_message_not_a_500(admin_client, url, payload):
    response = admin_client.post(url, data={"file": (BytesIO(payload), "sampah.csv")})

    assert response.status_code == 200
    assert "alert-danger" in response.text or "invalid-feedback" in response.text
