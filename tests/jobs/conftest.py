"""Real Celery workers (and beat) against Redis, on a database shared with the test.

Redis: JOBS_REDIS_URL (default redis://127.0.0.1:6379/5), a database of its own, flushed
before and after each test. The database: a scratch database on the server of
TEST_DATABASE_URL when it is PostgreSQL, else a SQLite file. Workers are subprocesses
(``celery -A worker worker --pool=solo``) in a session of their own, so a
test can kill one with SIGKILL. Without Redis the tests are skipped, unless
REQUIRE_MULTIPROCESS=1 (CI), where that is an error.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import TEST_DATABASE_URL, make_app
from tests.scratch import scratch_database
from training.extensions import db

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("JOBS_REDIS_URL", "redis://127.0.0.1:6379/5")


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        reason = f"Redis does not answer at {REDIS_URL}: {exc}"
        if os.environ.get("REQUIRE_MULTIPROCESS") == "1":
            pytest.fail(f"REQUIRE_MULTIPROCESS=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return client


@dataclass
class Queue:
    """The test's app (same database, broker and result folder as the workers) and its
    worker processes."""

    app: object
    env: dict
    tmp: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def start(self, role: str = "worker", name: str = "w1", **settings) -> subprocess.Popen:
        """Start ``celery worker`` (or ``beat``) with extra PRESISI_ settings."""
        env = {**self.env, **{f"PRESISI_{k}": str(v) for k, v in settings.items()}}
        args = [sys.executable, "-m", "celery", "-A", "worker", role]
        if role == "worker":
            args += ["--pool=solo", "-n", f"{name}@%h", "-Q", "presisi", "--without-gossip"]
            args += ["--without-mingle", "--without-heartbeat"]
        else:
            args += ["-s", str(self.tmp / "beat-schedule"), "--max-interval", "1"]
        log = (self.tmp / f"{role}-{name}.log").open("wb")
        process = subprocess.Popen(
            [*args, "--loglevel", "INFO"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.processes.append(process)
        return process

    def log(self, role: str = "worker", name: str = "w1") -> str:
        path = self.tmp / f"{role}-{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the process and its children (no warm shutdown, no acknowledgement)."""
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill(process)


def wait_for(check: Callable[[], object], seconds: float, what: str, queue: Queue):
    """Poll ``check`` (with a fresh database transaction) until it is truthy."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()  # a new transaction sees what the workers committed
        value = check()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}\n--- worker log ---\n{queue.log()}")


@pytest.fixture
def queue(tmp_path):
    redis_client = _redis()
    redis_client.flushdb()
    results = tmp_path / "results"
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        settings = {"JOBS_BROKER_URL": REDIS_URL, "JOBS_RESULT_DIR": str(results)}
        app = make_app(SQLALCHEMY_DATABASE_URI=url, **settings)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret-for-the-job-workers-0123456789",
            "PRESISI_JOBS_BROKER_URL": REDIS_URL,
            "PRESISI_JOBS_RESULT_DIR": str(results),
            "PRESISI_IMPORT_PENDING_DIR": app.config["IMPORT_PENDING_DIR"],
            "PRESISI_REQUEST_LOG": "false",
        }
        queue = Queue(app, env, tmp_path)
        with app.app_context():
            db.create_all()
            try:
                yield queue
            finally:
                queue.stop_all()
                db.session.remove()
                db.drop_all()
                db.engine.dispose()
                redis_client.flushdb()
                redis_client.close()
