"""Two real app processes (gunicorn, one sync worker each, the production config in
deploy/gunicorn.conf.py) on one PostgreSQL database and one Redis rate-limit store.

PostgreSQL: a scratch database on the server of TEST_DATABASE_URL when it is PostgreSQL,
else PGTEST_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/postgres. Redis:
MULTIPROCESS_REDIS_URL (default redis://127.0.0.1:6379/13); the servers use a key prefix of
their own and only those keys are deleted afterwards. Without PostgreSQL or Redis the tests
are skipped, unless REQUIRE_MULTIPROCESS=1 (CI), where that is an error.

The servers trust one proxy (TRUSTED_PROXIES=1), so each simulated client sends its
own X-Forwarded-For address, as a reverse proxy in front of several servers would.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import TEST_DATABASE_URL, make_app
from tests.factories import PASSWORD
from tests.scratch import scratch_database
from tests.test_reminders_mail import _SMTPServer
from training.extensions import db

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("MULTIPROCESS_REDIS_URL", "redis://127.0.0.1:6379/13")
LOGIN_LIMIT = 5
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _postgres_base() -> str:
    if TEST_DATABASE_URL.startswith("postgresql"):
        return TEST_DATABASE_URL
    return os.environ.get("PGTEST_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_MULTIPROCESS") == "1":
        pytest.fail(f"REQUIRE_MULTIPROCESS=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _check_postgres(url: str) -> None:
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        _unavailable(f"no PostgreSQL answers at {make_url(url).render_as_string()}: {exc}")
    finally:
        engine.dispose()


def _redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        _unavailable(f"Redis does not answer at {REDIS_URL}: {exc}")
    return client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log: Path


def _start(port: int, env: dict, log: Path) -> Server:
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(f"http://127.0.0.1:{port}", process, log)


def _wait_ready(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(server.base + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"gunicorn at {server.base} did not start:\n{server.log.read_text()[-3000:]}")


def _stop(servers: list[Server]) -> None:
    running = [server.process for server in servers if server.process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGTERM)  # gunicorn master: graceful stop
    for process in running:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@dataclass
class Cluster:
    servers: list[Server]
    app: object  # a Flask app on the same database, to read results (app_context)
    data: dict
    secret_key: str
    redis: object
    key_prefix: str
    smtp: _SMTPServer  # receives what the servers send from the outbox


@pytest.fixture(scope="package")
def cluster(tmp_path_factory):
    """Two gunicorn processes on one scratch PostgreSQL database and one Redis."""
    from tests.multiprocess.seed import seed

    base = _postgres_base()
    _check_postgres(base)
    redis_client = _redis_client()
    tmp = tmp_path_factory.mktemp("multiprocess")
    prefix = f"presisi-mp-{uuid.uuid4().hex[:10]}"
    secret_key = secrets.token_hex(32)
    smtp = _SMTPServer()
    smtp_thread = threading.Thread(target=smtp.serve_forever, args=(0.05,), daemon=True)
    smtp_thread.start()
    with scratch_database(base, str(tmp)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            data = seed()
            db.session.commit()
            db.session.remove()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": secret_key,
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "PRESISI_PRODUCTION": "1",
            "TRUSTED_PROXIES": "1",
            "SESSION_COOKIE_SECURE": "0",  # plain HTTP between the test and its "proxy"
            "PRESISI_RATELIMIT_KEY_PREFIX": prefix,
            "PRESISI_LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per minute",
            "PRESISI_MAIL_SERVER": "127.0.0.1",
            "PRESISI_MAIL_PORT": str(smtp.server_address[1]),
            "PRESISI_MAIL_SENDER": "presisi-training@polri.go.id",
        }
        servers = [_start(_free_port(), env, tmp / f"gunicorn-{n}.log") for n in (1, 2)]
        try:
            deadline = time.monotonic() + 60
            for server in servers:
                _wait_ready(server, deadline)
            yield Cluster(servers, app, data, secret_key, redis_client, prefix, smtp)
        finally:
            _stop(servers)
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            with contextlib.suppress(Exception):
                keys = list(redis_client.scan_iter(match=f"*/{prefix}/*"))
                if keys:
                    redis_client.delete(*keys)
            redis_client.close()
            smtp.shutdown()
            smtp.server_close()
            smtp_thread.join()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # report the 302 itself


class Client:
    """One person's browser: a cookie jar shared by both servers (cookies ignore the port,
    as they would behind one proxy) and a client address sent as X-Forwarded-For."""

    def __init__(self, address: str):
        self.address = address
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, url: str, data: dict | None = None) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"X-Forwarded-For": self.address})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.read().decode(errors="replace"), dict(exc.headers)

    def csrf(self, url: str) -> str:
        status, html, _headers = self.request(url)
        assert status == 200, (url, status, html[:500])
        return CSRF.search(html).group(1)

    def log_in(self, base: str, username: str) -> None:
        token = self.csrf(base + "/login")
        status, html, headers = self.request(
            base + "/login", {"username": username, "password": PASSWORD, "csrf_token": token}
        )
        assert status == 302, (username, status, html[:500])
