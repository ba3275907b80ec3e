"""Fixtures: a fresh app and database per test (SQLite in memory or TEST_DATABASE_URL)."""

import atexit
import os
import shutil
import tempfile

import pytest
from flask import g

from tests import factories
from training import create_app
from training.extensions import db as _db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
#: An empty instance folder: tests neither read an operator's instance/config.py nor
#: write into the repository's instance/.
TEST_INSTANCE = tempfile.mkdtemp(prefix="presisi-test-instance-")
atexit.register(shutil.rmtree, TEST_INSTANCE, ignore_errors=True)


def make_app(**overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SECRET_KEY": "test-secret",
        # uploads waiting for confirmation stay out of the repository's instance/
        "IMPORT_PENDING_DIR": os.path.join(tempfile.gettempdir(), "presisi-test-imports"),
        **overrides,
    }
    app = create_app(config, instance_path=TEST_INSTANCE)
    app.before_request(_forget_previous_request)
    return app


def _forget_previous_request():
    """Drop per-request state that outlives a request in tests.

    The ``app`` fixture keeps one app context open for the whole test and Flask reuses it
    for every request, so ``g`` (Flask-Login's user, flask-babel's locale) would otherwise
    carry one request's user and language into the next request and other clients.
    """
    g.pop("_login_user", None)
    g.pop("_flask_babel", None)


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
