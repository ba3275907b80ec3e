"""JSON API: units and people within the caller's scope; 404 outside it."""

import pytest

from tests.factories import make_person, make_tree


@pytest.fixture
def tree(db):
    tree = make_tree()
    make_person(
        tree["polres_a"], full_name="Agus Salim", nrp="75010203", rank="AKBP", position="kapolres"
    )
    make_person(tree["polsek_a"], full_name="Sri Wahyuni", nrp="88010101", rank="Bripka")
    make_person(tree["polsek_b"], full_name="Yohanes Kambu", nrp="89020202", rank="Briptu")
    db.session.commit()
    return tree


def test_unit_detail_lists_parent_children_and_head(client, login, tree):
    login("commander", unit=tree["polda_a"])

    data = client.get(f"/api/v1/units/{tree['polres_a'].code}").json

    assert data["code"] == tree["polres_a"].code
    assert data["parent"]["code"] == tree["polda_a"].code
    assert data["head"]["name"] == "Agus Salim"
    assert data["head"]["id_type"] == "NRP"
    assert data["people_in_subtree"] == 2
    assert data["children"] == [
        {
            "code": tree["polsek_a"].code,
            "name": tree["polsek_a"].name,
            "level": "polsek",
            "children": 0,
        }
    ]


def test_unit_detail_outside_scope_is_404(client, login, tree):
    login("commander", unit=tree["polres_a"])

    response = client.get(f"/api/v1/units/{tree['polres_b'].code}")

    assert response.status_code == 404
    assert "Yohanes" not in response.text
    assert response.json["error"]


def test_unit_detail_of_unknown_code_is_404(client, login, tree):
    login("admin")

    assert client.get("/api/v1/units/nope").status_code == 404


def test_people_for_a_unit_returns_its_subtree_paginated(client, login, tree):
    login("trainer")

    data = client.get(f"/api/v1/people?unit={tree['polda_a'].code}&per_page=1").json

    assert data["total"] == 2
    assert data["pages"] == 2
    assert [p["name"] for p in data["items"]] == ["Agus Salim"]


def test_people_without_unit_are_limited_to_the_commanders_subtree(client, login, tree):
    login("commander", unit=tree["polsek_a"])

    data = client.get("/api/v1/people").json

    assert [p["nrp"] for p in data["items"]] == ["88010101"]


def test_people_for_a_unit_outside_scope_is_404(client, login, tree):
    login("commander", unit=tree["polres_a"])

    assert client.get(f"/api/v1/people?unit={tree['polda_b'].code}").status_code == 404


def test_participant_sees_only_their_own_record(client, login, db, tree):
    me = make_person(tree["polsek_b"], full_name="Nur Aini", nrp="90030303", rank="Bripda")
    login("participant", person=me)

    data = client.get("/api/v1/people").json

    assert [p["name"] for p in data["items"]] == ["Nur Aini"]
    assert client.get(f"/api/v1/units/{tree['polsek_b'].code}").status_code == 404


def test_api_without_login_is_401_json(client, tree):
    response = client.get(f"/api/v1/units/{tree['mabes'].code}")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
