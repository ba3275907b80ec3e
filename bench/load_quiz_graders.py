"""The graders of the quiz load benchmark (bench/load_quiz.py): a real Celery worker on
the benchmark's own Redis database, as production runs ``make worker``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from bench.load_server import ROOT

REDIS_URL = os.environ.get("QUIZ_REDIS_URL", "redis://127.0.0.1:6379/12")


def flush_queue() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    client.flushdb()  # the benchmark's own Redis database
    client.close()


def start_graders(url: str, secret: str, count: int, log: Path) -> subprocess.Popen:
    """``celery -A worker worker`` (prefork, ``count`` processes) on the scratch database."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secret,
        "PRESISI_JOBS_BROKER_URL": REDIS_URL,
        "PYTHONPATH": str(ROOT),
    }
    args = [sys.executable, "-m", "celery", "-A", "worker", "worker", "-Q", "presisi"]
    args += [f"--concurrency={count}", "--without-gossip", "--without-mingle"]
    with open(log, "ab") as out:
        return subprocess.Popen(
            [*args, "--loglevel", "WARNING"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
