"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

The server runs the real app (CSRF on) on its own database (a SQLite file, or a new
PostgreSQL database when TEST_DATABASE_URL is set), migrated and loaded with seed-demo.
Without /usr/bin/chromium these tests are skipped, unless REQUIRE_BROWSER=1 (CI), where
a missing browser fails the run.
"""

import os
import shutil
import threading

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from tests.conftest import TEST_DATABASE_URL, make_app
from tests.scratch import scratch_database
from training.extensions import db

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "presisi-demo-2022"
_LIVE_APPS = []


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(reason="Debian chromium not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.nodeid:
            item.add_marker(skip)


def sign_in_as(page, base: str, username: str) -> None:
    """Sign in through the login form with the demo password."""
    page.goto(base + "/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve a seeded demo app on a free port; yield its base URL."""
    with scratch_database(TEST_DATABASE_URL, str(tmp_path_factory.mktemp("live"))) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False)
        app.config["TESTING"] = False
        with app.app_context():
            upgrade()
        result = app.test_cli_runner().invoke(args=["seed-demo", "--password", DEMO_PASSWORD])
        assert result.exit_code == 0, result.output
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        _LIVE_APPS.append(app)
        yield f"http://127.0.0.1:{server.server_port}"
        server.shutdown()
        thread.join()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_app(live_server):
    """The app behind ``live_server``, to prepare data in its database (app_context)."""
    return _LIVE_APPS[-1]


@pytest.fixture
def sign_in(page, live_server):
    """Log in through the real login form as ``username``."""

    def _sign_in(username: str):
        sign_in_as(page, live_server, username)

    return _sign_in
