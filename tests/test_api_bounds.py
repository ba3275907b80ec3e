"""The OpenAPI document declares the bounds and formats the server enforces; every 405
answer names the allowed methods."""

import re

import pytest

from tests.factories import make_tree
from training.api.openapi import openapi_spec


def _params(path: str) -> dict:
    return {p["name"]: p["schema"] for p in openapi_spec()["paths"][path]["get"]["parameters"]}


def test_paging_ids_and_days_are_bounded_in_the_document():
    people, sessions = _params("/people"), _params("/sessions")
    readiness = _params("/units/{code}/readiness")
    attendance = _params("/sessions/{session_id}/attendance")

    assert (people["page"]["minimum"], people["page"]["maximum"]) == (1, 10**9)
    assert (people["per_page"]["minimum"], people["per_page"]["maximum"]) == (1, 200)
    assert _params("/certificates")["per_page"] == people["per_page"]
    assert (attendance["session_id"]["minimum"], attendance["session_id"]["maximum"]) == (
        1,
        2**31 - 1,
    )
    assert readiness["program"]["minimum"] == 1
    for day in (sessions["from"], sessions["to"], readiness["on"]):
        assert day["format"] == "date"
        pattern = re.compile(day["pattern"])
        assert pattern.match("1970-01-01") and pattern.match("2200-12-31")
        assert not pattern.match("1969-12-31") and not pattern.match("2201-01-01")


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("per_page=0", 400),
        ("per_page=201", 400),
        ("per_page=%D9%A3", 400),
        ("page=0", 400),
        ("page=1000000001", 400),
        ("page=x", 400),
        ("per_page=200", 200),
        ("page=1&per_page=1", 200),
        ("page=1000000000", 200),
    ],
)
def test_the_api_refuses_paging_outside_the_declared_bounds(client, login, db, query, status):
    make_tree()
    login("admin")

    response = client.get(f"/api/v1/people?{query}")

    assert response.status_code == status, response.text
    if status == 400:
        assert "error" in response.get_json()


def test_an_api_405_carries_allow(client, login, db):
    login("admin")

    response = client.post("/api/v1/people")

    assert response.status_code == 405
    assert response.get_json()["error"]
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_an_html_405_carries_allow(client, login, db):
    login("admin")

    logout = client.get("/logout")
    people = client.put("/people/")

    assert logout.status_code == people.status_code == 405
    assert logout.headers["Allow"] == "OPTIONS, POST"
    assert "GET" in people.headers["Allow"].split(", ")
    assert "Metode tidak diizinkan" in people.text
