"""Schemathesis against the WSGI app and its served OpenAPI description (no network).

Every operation of /api/v1/openapi.json that the app serves, as an admin, the commander of
polda_a and a participant (bearer tokens), with schema-valid and schema-violating inputs,
plus the world's real unit codes, NRPs and session ids (in and out of the commander's
scope) as path and query values. Checks: no 5xx, status code, content type and body
conform to the description, and nothing outside the caller's scope comes back (a unit,
person or session out of scope answers 404; every NRP, unit and session in a body is
visible to the caller).

FUZZ_EXAMPLES (default 12) sets the examples per operation, actor and mode; the run is
derandomized so CI is repeatable; raise FUZZ_EXAMPLES for a deeper local run.
"""

import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from tests.fuzz.world import build_world
from training.api.openapi import openapi_spec
from training.certificates.models import Certificate
from training.people.models import Person
from training.policy.scope import can_see_person, can_see_unit, scope_of
from training.policy.sessions import can_see_session
from training.sessions.models import TrainingSession
from training.units.models import Unit

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
ACTORS = ("admin", "cmd_in", "participant")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SCHEMA = schemathesis.openapi.from_dict(openapi_spec())


def flask_path(rule: str) -> str:
    """'/api/v1/units/<code>' -> '/units/{code}', '<int:id>.pdf' -> '{id}.pdf' (converters
    dropped)."""
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.removeprefix("/api/v1"))


def served_paths(app) -> set[str]:
    return {flask_path(r.rule) for r in app.url_map.iter_rules() if r.rule.startswith("/api/")}


def test_every_api_route_is_described(app):
    described = set(openapi_spec()["paths"])

    assert served_paths(app) - described == set()


def test_the_description_is_public_and_valid_openapi(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"] == "3.0.3"
    operations = [r.ok() for r in schemathesis.openapi.from_dict(spec).get_all_operations()]
    assert {op.path for op in operations} == set(spec["paths"])


def _known_values(world) -> dict[str, list]:
    from training.extensions import db

    return {
        "code": list(db.session.scalars(select(Unit.code).order_by(Unit.code))),
        "nrp": list(db.session.scalars(select(Person.nrp).order_by(Person.nrp))),
        "session_id": list(db.session.scalars(select(TrainingSession.id))),
        "cert_id": list(db.session.scalars(select(Certificate.id))),
    }


def _strategy(operation, mode, known):
    """Generated cases, and cases aimed at the world's real objects."""
    names = {p.name for p in operation.path_parameters}
    query_names = {p.name for p in operation.query}
    strategies = [operation.as_strategy(generation_mode=mode)]
    for name in sorted(names & set(known)):
        strategies.append(
            st.sampled_from(known[name]).flatmap(
                lambda v, n=name: operation.as_strategy(
                    generation_mode=mode, path_parameters={n: v}
                )
            )
        )
    if "unit" in query_names:
        strategies.append(
            st.sampled_from(known["code"]).flatmap(
                lambda v: operation.as_strategy(generation_mode=mode, query={"unit": v})
            )
        )
    return st.one_of(strategies)


def _walk(value, key=None):
    """Yield (key, dict) for every dict nested in ``value``."""
    if isinstance(value, dict):
        yield key, value
        for k, v in value.items():
            yield from _walk(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, key)


def assert_in_scope(db, scope, path: str, body) -> None:
    """Every person, unit and session in ``body`` is visible to ``scope``."""
    if not isinstance(body, dict) or path == "/openapi.json":
        return
    for key, item in _walk(body):
        if "nrp" in item:
            person = db.session.scalar(select(Person).where(Person.nrp == item["nrp"]))
            assert person is not None and can_see_person(scope, person), (path, item)
        if {"code", "level"} <= set(item) and key != "parent" and not scope.person_ids:
            unit = db.session.scalar(select(Unit).where(Unit.code == item["code"]))
            assert unit is not None and can_see_unit(scope, unit), (path, item)
    if scope.everything or scope.person_ids:
        return
    session_ids = [i["id"] for i in body.get("items", []) if path == "/sessions"]
    if "session" in body:
        session_ids.append(body["session"])
    for session_id in session_ids:
        assert can_see_session(scope, db.session.get(TrainingSession, session_id)), path
    if path == "/units/{code}" or path == "/certificates":
        unit = db.session.scalar(
            select(Unit).where(Unit.code == (body.get("code") or body["unit"]))
        )
        assert can_see_unit(scope, unit), (path, body)


def _fuzz(app, db, operation, strategy, scope, headers, calls):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        with app.app_context():  # a context of its own, as each real request has
            response = case.call(app=app, headers=headers)
        calls.append(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)
        if response.status_code == 200 and operation.path.endswith(".pdf"):
            cert = db.session.get(Certificate, int(case.path_parameters["cert_id"]))
            assert can_see_person(scope, cert.person), (operation.path, cert.id)
        elif response.status_code == 200:
            assert_in_scope(db, scope, operation.path, response.json())

    run()


@pytest.mark.slow
def test_schemathesis_finds_no_5xx_no_schema_breach_and_no_access_outside_scope(app, db):
    world = build_world()
    known = _known_values(world)
    served = served_paths(app)
    operations = [
        result.ok() for result in SCHEMA.get_all_operations() if result.ok().path in served
    ]
    assert len(operations) >= 8
    calls = []
    for actor in ACTORS:
        scope = scope_of(world["users"][actor])
        headers = {"Authorization": f"Bearer {world['tokens'][actor]}"}
        for operation in operations:
            modes = [GenerationMode.POSITIVE]
            if list(operation.path_parameters) or list(operation.query):
                modes.append(GenerationMode.NEGATIVE)  # nothing to break without parameters
            for mode in modes:
                _fuzz(app, db, operation, _strategy(operation, mode, known), scope, headers, calls)
    assert len(calls) > len(operations) * len(ACTORS)


def test_the_commander_gets_404_for_every_object_outside_their_subtree(app, client):
    world = build_world()
    v = world["values"]
    headers = {"Authorization": f"Bearer {world['tokens']['cmd_in']}"}
    outside = [
        f"/api/v1/units/{v['b_unit']}",
        f"/api/v1/units/{v['polda_b']}",
        f"/api/v1/units/{v['tree_mabes']}",
        f"/api/v1/people?unit={v['b_unit']}",
        f"/api/v1/people/{v['b_nrp']}/courses",
        f"/api/v1/sessions?unit={v['b_unit']}",
        f"/api/v1/sessions/{v['b_session']}/attendance",
        f"/api/v1/certificates?unit={v['b_unit']}",
    ]
    if "/units/{code}/readiness" in served_paths(app):
        outside.append(f"/api/v1/units/{v['b_unit']}/readiness")

    statuses = {url: client.get(url, headers=headers).status_code for url in outside}

    assert statuses == dict.fromkeys(outside, 404)
    inside = client.get(f"/api/v1/units/{v['unit']}", headers=headers)
    assert inside.status_code == 200 and inside.get_json()["code"] == v["unit"]


def test_the_scope_check_catches_a_person_or_unit_from_another_region(db):
    world = build_world()
    v = world["values"]
    scope = scope_of(world["users"]["cmd_in"])
    own_person = db.session.get(Person, v["person"])
    leak_person = {"items": [{"nrp": v["b_nrp"], "name": "x", "unit": v["b_unit"]}]}
    leak_unit = {"code": v["unit"], "level": "polres", "children": [], "parent": None}
    leak_child = {**leak_unit, "children": [{"code": v["b_unit"], "level": "polres"}]}

    assert_in_scope(db, scope, "/people", {"items": [{"nrp": own_person.nrp}]})
    assert_in_scope(db, scope, "/units/{code}", leak_unit)
    for path, body in [("/people", leak_person), ("/units/{code}", leak_child)]:
        with pytest.raises(AssertionError):
            assert_in_scope(db, scope, path, body)
