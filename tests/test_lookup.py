"""Search as you type for the unit and person pickers: matches by name or code, only inside
the viewer's scope, at most 20, nothing for fewer than two characters."""

import pytest

from tests.factories import make_person, make_tree, make_unit


@pytest.fixture
def tree(db):
    tree = make_tree()
    tree["polres_a"].name, tree["polres_b"].name = "Polres Blitar Kota", "Polres Blitar"
    tree["polsek_a"].name = "Polsek Sanan Kulon"
    make_person(tree["polsek_a"], full_name="Anang Setiawan", nrp="87050123", rank="BRIPKA")
    make_person(tree["polsek_b"], full_name="Anang Wibowo", nrp="87050999", rank="AIPDA")
    db.session.commit()
    return tree


def _values(response):
    assert response.status_code == 200
    return [item["value"] for item in response.get_json()["items"]]


def test_a_commander_finds_units_of_their_command_by_name_only(client, login, tree):
    login("commander", unit=tree["polda_a"])

    found = _values(client.get("/lookup/units.json?q=blitar"))

    assert found == [tree["polres_a"].code]  # Polres Blitar of the other Polda is not offered


def test_units_are_found_by_code_and_labelled_with_name_code_and_parent(client, login, tree):
    login("trainer")

    items = client.get(f"/lookup/units.json?q={tree['polsek_a'].code}").get_json()["items"]

    assert items == [
        {
            "value": tree["polsek_a"].code,
            "label": f"Polsek Sanan Kulon ({tree['polsek_a'].code})",
            "hint": "Polres Blitar Kota",
        }
    ]


def test_people_are_found_by_name_or_number_inside_the_scope(client, login, tree):
    login("commander", unit=tree["polres_a"])

    assert _values(client.get("/lookup/people.json?q=anang")) == ["87050123"]
    assert _values(client.get("/lookup/people.json?q=8705")) == ["87050123"]
    item = client.get("/lookup/people.json?q=anang").get_json()["items"][0]
    assert item["label"] == "BRIPKA Anang Setiawan (87050123)"
    assert item["hint"] == "Operator media sosial · Polsek Sanan Kulon"


def test_one_character_finds_nothing_and_at_most_twenty_are_returned(client, login, tree, db):
    for _ in range(25):
        make_unit(tree["polres_a"], name="Polsek Wlingi")
    db.session.commit()
    login("trainer")

    assert _values(client.get("/lookup/units.json?q=w")) == []
    assert len(_values(client.get("/lookup/units.json?q=wlingi"))) == 20


def test_participants_cannot_search(client, login, tree):
    login("participant")

    assert client.get("/lookup/units.json?q=blitar").status_code == 403
    assert client.get("/lookup/people.json?q=anang").status_code == 403


def test_staff_pages_load_the_picker_and_mark_the_unit_fields(client, login, tree):
    login("trainer")

    page = client.get("/sessions/new").text

    assert 'src="/static/js/lookup.js"' in page
    assert 'data-units-url="/lookup/units.json"' in page
    assert page.count('data-lookup="units"') == 2  # venue and audience
