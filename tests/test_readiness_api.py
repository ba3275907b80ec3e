"""GET /api/v1/units/<code>/readiness: shape, scope, programme and day parameters."""

from datetime import date, timedelta

import pytest

from tests.factories import make_program, make_tree, make_user
from tests.readiness_dashboard_factories import gap_world, today
from training.auth.tokens import issue_token


@pytest.fixture
def world(db):
    tree = make_tree()
    data = gap_world(tree)
    db.session.commit()
    return {"tree": tree, **data}


def test_readiness_json_holds_own_subtree_and_children_figures(world, client, login):
    tree = world["tree"]
    login("admin")

    response = client.get(f"/api/v1/units/{tree['polres_a'].code}/readiness")

    assert response.status_code == 200
    body = response.get_json()
    assert body["unit"] == {"code": tree["polres_a"].code, "name": tree["polres_a"].name,
                            "level": "polres"}  # fmt: skip
    assert body["program"] == {"id": world["program"].id, "title": "Program Kesenjangan"}
    assert body["on"] == today().isoformat()
    assert body["own"]["targets"] == 2  # kapolres (certified), operator (failed)
    assert body["own"]["certified"] == 1
    assert body["own"]["failed"] == 1
    assert body["subtree"]["targets"] == 5  # + kapolsek, wakapolsek, operator of polsek_a
    assert body["subtree"]["certified"] == 3
    assert body["subtree"]["certified_pct"] == 60.0
    assert body["subtree"]["expiring"] == 1
    assert body["subtree"]["untrained"] == 1
    assert body["commander_certified"] is True
    assert body["status"] == "sebagian"
    assert body["unmet"] == ["certified"]
    (child,) = body["children"]
    assert child["unit"]["code"] == tree["polsek_a"].code
    assert child["subtree"]["targets"] == 3
    assert child["status"] == "sebagian"  # 2 of 3 certified: 66.7 %


def test_a_token_reads_readiness_without_a_session(world, app, db):
    _token, secret = issue_token(make_user(roles=("trainer",)), "uji")
    db.session.commit()

    response = app.test_client().get(
        f"/api/v1/units/{world['tree']['mabes'].code}/readiness",
        headers={"Authorization": f"Bearer {secret}"},
    )

    assert response.status_code == 200
    assert [c["unit"]["code"] for c in response.get_json()["children"]] == [
        world["tree"]["polda_a"].code,
        world["tree"]["polda_b"].code,
    ]


def test_anonymous_callers_get_401_json(world, client):
    response = client.get(f"/api/v1/units/{world['tree']['mabes'].code}/readiness")

    assert response.status_code == 401
    assert "error" in response.get_json()


def test_units_outside_the_callers_scope_are_404(world, client, login):
    tree = world["tree"]
    login("commander", unit=tree["polres_b"])

    assert client.get(f"/api/v1/units/{tree['polda_a'].code}/readiness").status_code == 404
    assert client.get(f"/api/v1/units/{tree['polda_b'].code}/readiness").status_code == 404
    assert client.get("/api/v1/units/TIDAKADA/readiness").status_code == 404
    own = client.get(f"/api/v1/units/{tree['polres_b'].code}/readiness")
    assert own.status_code == 200
    assert own.get_json()["subtree"]["targets"] == 1


@pytest.mark.parametrize(
    "query",
    [
        "on=kemarin",
        "on=2026-13-01",
        "on=2026-1-1",
        "on=0001-01-01",
        "program=abc",
        "program=-1",
        "program=%C2%B2",
        "on=%D9%A2026-01-01",
    ],  # fmt: skip
)
def test_bad_parameters_are_400_with_a_json_error(world, client, login, query):
    login("admin")

    response = client.get(f"/api/v1/units/{world['tree']['mabes'].code}/readiness?{query}")

    assert response.status_code == 400
    assert response.get_json()["error"]


def test_an_unknown_programme_is_404(world, client, login):
    login("admin")

    response = client.get(f"/api/v1/units/{world['tree']['mabes'].code}/readiness?program=999999")

    assert response.status_code == 404
    assert response.get_json()["error"] == "Program tidak ditemukan."


def test_program_and_on_pick_the_programme_and_the_day(world, db, client, login):
    other = make_program(title="Program Lain", starts_on=date(2025, 1, 1))
    db.session.commit()
    login("admin")
    code = world["tree"]["polres_a"].code

    chosen = client.get(f"/api/v1/units/{code}/readiness?program={other.id}").get_json()
    before = (today() - timedelta(days=60)).isoformat()
    earlier = client.get(f"/api/v1/units/{code}/readiness?on={before}").get_json()

    assert chosen["program"]["title"] == "Program Lain"
    assert chosen["subtree"]["targets"] == 0
    assert earlier["on"] == before
    assert earlier["subtree"]["certified"] == 0  # the certificates were issued 30 days ago
