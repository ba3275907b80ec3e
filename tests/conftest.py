"""Fixtures: a fresh app and database per test (SQLite in memory or TEST_DATABASE_URL).

The suite runs in parallel with pytest-xdist (``-n auto``, see pyproject.toml). Each worker
has its own scratch names: its own instance folder and pending-import folder (temporary
directories), and on PostgreSQL its own database ``<name>_<worker>`` (e.g. ``test_gw0``),
created from TEST_DATABASE_URL at the worker's start and dropped at its end. Tests that
start servers of their own (browser, multi-process, fault tests) or share module-scoped
fixtures run on one worker per group (``xdist_group``, see :data:`GROUPS`).
"""

import atexit
import os
import shutil
import tempfile

import pytest
from _pytest.nodeid import NodeId
from flask.globals import _cv_app
from flask.testing import FlaskClient

from tests import factories, schema
from tests.speedups import cache_url_builders
from training import create_app
from training.extensions import db as _db

#: The worker's name under pytest-xdist ("gw0", "gw1", ...), "" when the run is serial.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
BASE_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
TEST_DATABASE_URL = schema.worker_url(BASE_DATABASE_URL, WORKER)
#: An empty instance folder: tests neither read an operator's instance/config.py nor
#: write into the repository's instance/.
TEST_INSTANCE = tempfile.mkdtemp(prefix=f"presisi-test-instance-{WORKER or 'main'}-")
atexit.register(shutil.rmtree, TEST_INSTANCE, ignore_errors=True)
#: Uploads waiting for confirmation: out of the repository's instance/, one per process.
IMPORT_PENDING_DIR = os.path.join(TEST_INSTANCE, "pending-imports")

#: Tests that must share one worker: path prefix -> xdist group. Browser tests share one
#: seeded live server, the multi-process tests one pair of gunicorn servers, modules with
#: module-scoped fixtures their fixture; each fault test file starts its own cluster.
GROUPS = {
    "tests/browser/": "browser",
    "tests/multiprocess/": "multiprocess",
    "tests/jobs/": "jobs",  # one Redis database, flushed around each test: never two at once
    "tests/faults/": None,  # one group per file
    "tests/test_backup.py": None,
    "tests/test_i18n.py": None,
}

cache_url_builders()


def pytest_configure(config):
    if WORKER:
        schema.create_database(TEST_DATABASE_URL)


def pytest_unconfigure(config):
    if WORKER:
        schema.drop_database(TEST_DATABASE_URL)
    elif not getattr(config.option, "numprocesses", None):  # serial: tables kept till now
        schema.drop_kept_tables(TEST_DATABASE_URL)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Mark the grouped tests before pytest-xdist reads the marks; afterwards carry
    xdist's "@group" suffix into the node id pytest 9 reports (xdist 3.8 writes it to
    ``_nodeid``, which pytest 9 no longer reads, so every group was silently ignored)."""
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        for prefix, group in GROUPS.items():
            if path.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group or path))
                break
    result = yield
    for item in items:
        grouped = item.__dict__.get("_nodeid")
        if grouped and grouped != item.nodeid:
            item._id = NodeId.parse(grouped)
    return result


def make_app(**overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SECRET_KEY": "test-secret",
        "IMPORT_PENDING_DIR": IMPORT_PENDING_DIR,
        **overrides,
    }
    app = create_app(config, instance_path=TEST_INSTANCE)
    app.test_client_class = RequestClient
    return app


class RequestClient(FlaskClient):
    """A test client whose every request runs in an app context of its own, as on a server.

    Tests keep an app context open for their own code (the ``app`` fixture), and Flask
    would run the client's requests inside it: ``g`` (Flask-Login's user, flask-babel's
    locale) and the database session would be shared by the test and every request.
    Here the test's context is set aside during a request, so each request gets a fresh
    ``g`` and its own session, like a request on a server. Before it, the test's session
    commits what the test built (a request sees only committed rows, and on PostgreSQL
    the test's open transaction could hold locks the request waits for); after it, the
    test's session forgets what it had loaded, so it reads what the request committed.
    Requests asked for unbuffered (``buffered=False``) run in the test's context, as
    before: their body is read later, outside any window.
    """

    def open(self, *args, **kwargs):
        held = _cv_app.get(None)
        if held is None or self.preserve_context or kwargs.get("buffered") is False:
            return super().open(*args, **kwargs)
        _db.session.commit()  # what the test built is in the database, its locks released
        token = _cv_app.set(None)
        try:
            # a streamed body is read here, inside the request's own context
            response = super().open(*args, **{**kwargs, "buffered": True})
        finally:
            _cv_app.reset(token)
        _db.session.expire_all()
        return response


@pytest.fixture
def app():
    app = make_app()
    with app.app_context():
        schema.create_tables(_db)
        yield app
        _db.session.remove()
        schema.drop_tables(_db)
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
