"""Learning gain through the pages and the API: the course page, the readiness page's
section, the JSON endpoint and its OpenAPI description, each cut to the viewer's scope."""

import pytest

from tests.factories import make_person, make_tree, make_user
from tests.gain_factories import closed_attempt, gain_course
from training.api.openapi import openapi_spec
from training.auth.tokens import issue_token


@pytest.fixture
def world(db):
    """Two people in Polda A (gain +50 and +30), one in Polda B (+10)."""
    tree = make_tree()
    course, pre, post, (akun, aduan) = gain_course(title="Tingkat 1 Polda")
    for unit, before, after in (
        (tree["polsek_a"], 0.0, 0.5),
        (tree["polres_a"], 0.4, 0.7),
        (tree["polsek_b"], 0.5, 0.6),
    ):
        person = make_person(unit)
        closed_attempt(pre, person, {akun: [before], aduan: [before]})
        closed_attempt(post, person, {akun: [after], aduan: [after]})
    db.session.commit()
    return {"tree": tree, "course": course}


def test_the_course_page_shows_the_gain_per_unit_and_competency(world, client, login):
    login("admin")

    html = client.get(f"/learning-gain/courses/{world['course'].id}").text

    assert 'id="gain-overall"' in html
    assert "+30,0" in html  # (50 + 30 + 10) / 3
    assert world["tree"]["polda_a"].name in html and world["tree"]["polda_b"].name in html
    assert "Kompetensi akun" in html


def test_a_commander_reads_the_gain_of_their_own_command(world, client, login):
    login("commander", unit=world["tree"]["polda_a"])

    html = client.get(f"/learning-gain/courses/{world['course'].id}").text
    outside = client.get(
        f"/learning-gain/courses/{world['course'].id}?unit={world['tree']['polda_b'].code}"
    )

    assert "+40,0" in html  # (50 + 30) / 2: Polda B's person is not counted
    assert world["tree"]["polda_b"].name not in html
    assert outside.status_code == 404


def test_the_readiness_page_lists_the_gain_of_the_programmes_courses(world, client, login):
    login("admin")
    program_id = world["course"].program_id

    html = client.get(f"/readiness/units/{world['tree']['polda_a'].code}?program={program_id}").text

    assert 'id="gain-courses"' in html
    assert "Tingkat 1 Polda" in html and "+40,0" in html


def test_the_api_gives_the_gain_with_its_breakdowns(world, app, db):
    _token, secret = issue_token(
        make_user(roles=("commander",), unit=world["tree"]["polda_a"]), "x"
    )
    db.session.commit()

    response = app.test_client().get(
        f"/api/v1/courses/{world['course'].id}/learning-gain",
        headers={"Authorization": f"Bearer {secret}"},
    )

    body = response.get_json()
    assert response.status_code == 200
    assert body["overall"] == {"people": 2, "pre": 20.0, "post": 60.0, "gain": 40.0}
    assert [u["code"] for u in body["units"]] == [world["tree"]["polres_a"].code]
    assert [(c["code"], c["gain"]) for c in body["competencies"]] == [
        ("ADUAN", 40.0),
        ("AKUN", 40.0),
    ]


def test_the_api_refuses_units_outside_the_scope_and_participants(world, client, login):
    login("commander", unit=world["tree"]["polda_a"])
    outside = client.get(
        f"/api/v1/courses/{world['course'].id}/learning-gain?unit={world['tree']['polda_b'].code}"
    )
    client.post("/logout")
    login("participant", person=make_person(world["tree"]["polsek_a"]))
    participant = client.get(f"/api/v1/courses/{world['course'].id}/learning-gain")

    assert outside.status_code == 404 and outside.get_json()["error"]
    assert participant.status_code == 404


def test_the_openapi_document_describes_the_learning_gain():
    spec = openapi_spec()

    path = spec["paths"]["/courses/{course_id}/learning-gain"]["get"]
    assert path["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/LearningGain"
    }
    assert set(spec["components"]["schemas"]["LearningGain"]["properties"]) == {
        "course",
        "unit",
        "rule",
        "overall",
        "trainers",
        "units",
        "competencies",
    }
