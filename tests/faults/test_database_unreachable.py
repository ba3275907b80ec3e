"""Nothing listens where the database should be: every kind of request answers a clean 503
(Indonesian page or JSON, Retry-After), never a 500 or a traceback. Runs everywhere; the
real restart of a PostgreSQL cluster is test_database_restart.py."""

from __future__ import annotations

import pytest

from bench.load_client import free_port
from tests.conftest import make_app
from training.auth.tokens import TOKEN_PREFIX

MESSAGE = "Basis data sedang tidak dapat dihubungi"


@pytest.fixture
def client():
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/hilang?connect_timeout=2"
    return make_app(SQLALCHEMY_DATABASE_URI=url).test_client()


def _assert_clean(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "Traceback" not in response.text and "OperationalError" not in response.text


def test_a_signed_in_page_answers_503_with_the_indonesian_message(client):
    with client.session_transaction() as session:
        session["_user_id"] = "1"  # the user is loaded from the database on every request
    response = client.get("/units/")
    _assert_clean(response)
    assert MESSAGE in response.text
    assert 'lang="id"' in response.text


def test_signing_in_answers_503_not_500(client):
    response = client.post("/login", data={"username": "admin", "password": "rahasia-sekali"})
    _assert_clean(response)
    assert MESSAGE in response.text


def test_the_api_answers_503_in_json(client):
    secret = TOKEN_PREFIX + "x" * 40  # looks like a token: it must be looked up
    response = client.get("/api/v1/people", headers={"Authorization": f"Bearer {secret}"})
    _assert_clean(response)
    assert response.is_json and MESSAGE in response.get_json()["message"]
