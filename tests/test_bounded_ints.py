"""Integers from URLs and query strings: ASCII digits only, bounded to the database range."""

import pytest

from tests.factories import make_person
from tests.signoff_factories import make_chain
from training.core import guards
from training.core.guards import MAX_ID

HUGE = "9" * 20


@pytest.fixture
def chain(db):
    return make_chain()


def test_huge_cycle_in_the_report_list_is_ignored_not_a_500(chain, client, login, db):
    login("commander", unit=chain["polda_a"])

    response = client.get(f"/readiness/reports/?cycle={HUGE}")

    assert response.status_code == 200


def test_huge_cycle_in_the_write_page_is_a_404(chain, client, login, db):
    login("commander", unit=chain["polres_a"])
    unit = chain["polres_a"].code

    response = client.get(f"/readiness/reports/write?unit={unit}&cycle={HUGE}")

    assert response.status_code == 404
    ok = client.get(f"/readiness/reports/write?unit={unit}&cycle={chain['cycle'].id}")
    assert ok.status_code == 200


def test_unicode_digits_are_not_an_id_in_the_url(client, login, db):
    person = make_person()
    login("admin")
    arabic = "".join(chr(0x0660 + int(d)) for d in str(person.id))

    assert client.get(f"/people/{person.id}").status_code == 200
    assert client.get(f"/people/{arabic}").status_code == 404


def test_unicode_digits_are_not_an_id_in_the_query_string(client, login, db):
    login("admin")

    assert client.get("/people/?page=%D9%A3").status_code == 400
    assert client.get("/people/?page=" + "%D9%A9" * 25).status_code == 400
    assert client.get("/people/?page=2").status_code == 200


@pytest.mark.parametrize("text", ["٣٤٠٣", "+5", "1_0", "-1", "0", str(MAX_ID + 1), HUGE, "", "x"])
def test_db_id_refuses_what_is_not_a_plain_bounded_id(text):
    with pytest.raises(ValueError):
        guards.db_id(text)


def test_db_id_and_ascii_int_take_plain_digits():
    assert guards.db_id("3403") == 3403
    assert guards.db_id(str(MAX_ID)) == MAX_ID
    assert guards.ascii_int(" 7 ", 1, 9) == 7
