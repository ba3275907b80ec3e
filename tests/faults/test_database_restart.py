"""The database restarting under load: requests during the outage fail cleanly (503 with an
Indonesian message, no traceback, never a 500) and, once PostgreSQL is back, requests
succeed again without restarting the app (pooled connections are checked before use).

The quick restart is repeated several times per run, with two clients on two pages, so that
every way a connection dies shows: terminated by the administrator while idle
in the pool, lost in the middle of a transaction, or checked out while the server shuts down.
"""

from __future__ import annotations

import time

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from bench.load_client import Browser
from tests import factories
from tests.conftest import make_app
from tests.faults.cluster import Cluster
from tests.faults.servers import Loop, need_postgres_binaries, serve
from training.extensions import db

MESSAGE = "Basis data sedang tidak dapat dihubungi"
RESTARTS = 5


@pytest.fixture
def cluster():
    need_postgres_binaries()
    cluster = Cluster().start()
    try:
        engine = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("CREATE DATABASE presisi"))
        engine.dispose()
        yield cluster
    finally:
        cluster.destroy()


def _migrate_and_seed(url: str) -> str:
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        tree = factories.make_tree()
        admin = factories.make_user(roles=("admin",))
        for n in range(5):
            factories.make_person(tree["polsek_a"], full_name=f"Personel Uji {n}")
        db.session.commit()
        username = admin.username
        db.session.remove()
        db.engine.dispose()
    return username


def _tail(log, size: int = 4000) -> str:
    return log.read_text()[-size:] if log.exists() else ""


def _assert_clean_503(hits) -> None:
    for hit in hits:
        assert hit.status == 503, (hit.status, hit.error, hit.body[:500])
        assert MESSAGE in hit.body
        assert "Traceback" not in hit.body and "OperationalError" not in hit.body
        assert hit.retry_after == "5"


def test_requests_fail_cleanly_while_postgres_is_down_and_recover_without_an_app_restart(
    cluster, tmp_path
):
    url = cluster.url("presisi")
    username = _migrate_and_seed(url)
    log = tmp_path / "gunicorn.log"
    with serve(url, log, workers=2) as server:
        browser = Browser("127.0.0.1", server.port, timeout=15)
        browser.login(username, factories.PASSWORD)
        other = Browser("127.0.0.1", server.port, timeout=15)
        other.login(username, factories.PASSWORD)
        assert browser.get("/units/").status == 200
        with Loop(browser, "/units/") as loop, Loop(other, "/people/") as second:
            time.sleep(0.5)
            down = time.monotonic()
            cluster.stop("fast")
            time.sleep(2)
            starting = time.monotonic()
            cluster.start_again()
            up = time.monotonic()
            time.sleep(1.5)
            settled = [(up + 0.1, time.monotonic() - 0.5)]
            for _ in range(RESTARTS):  # quick restarts in the middle of the load
                cluster.restart("fast")
                restarted = time.monotonic()
                time.sleep(1.2)
                settled.append((restarted + 0.3, time.monotonic() - 0.1))

        before, during = loop.between(0, down - 0.15), loop.between(down + 0.2, starting - 0.5)
        after = [hit for start, end in settled for hit in loop.between(start, end)]
        assert before and all(hit.status == 200 for hit in before)
        assert len(during) >= 3
        _assert_clean_503(during)
        for hits in (loop.hits, second.hits):
            odd = [
                (round(h.started - down, 2), h.status, h.error)
                for h in hits
                if h.status not in (200, 503)
            ]
            assert all(hit.status in (200, 503) for hit in hits), (odd, _tail(log))
            _assert_clean_503([hit for hit in hits if hit.status == 503])
        assert len(after) >= 10 * (1 + RESTARTS) // 2
        timeline = [(round(h.started - down, 2), h.status) for h in loop.hits]
        assert [hit.status for hit in after] == [200] * len(after), timeline
        # a form still works after the outage: the session and CSRF token survived
        reply = browser.get("/people/")
        assert reply.status == 200 and "Personel Uji 3" in reply.text
    server_log = log.read_text()
    assert "Traceback" not in server_log, server_log[-3000:]
