"""Fixtures: a fresh app and database per test (SQLite in memory or TEST_DATABASE_URL)."""

import os

import pytest

from tests import factories
from training import create_app
from training.extensions import db as _db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")


def make_app(**overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SECRET_KEY": "test-secret",
        **overrides,
    }
    return create_app(config)


@pytest.fixture
def app():
    app = make_app()
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(client, db):
    """Log in a fresh user with the given roles (and unit/person); returns the user."""

    def _login(*roles, **kw):
        user = factories.make_user(roles=roles or ("participant",), **kw)
        db.session.commit()
        response = client.post(
            "/login", data={"username": user.username, "password": factories.PASSWORD}
        )
        assert response.status_code == 302, response.text
        return user

    return _login
