"""Shared pieces of the fault tests: skipping without PostgreSQL binaries, serving the app
with gunicorn, and a request loop that records what every response looked like."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.load_client import Browser
from bench.load_server import Gunicorn, app_spec
from tests.faults.cluster import missing_reason

SECRET = "fault-test-secret-" + "x" * 20


def need_postgres_binaries() -> None:
    reason = missing_reason()
    if reason is None:
        return
    if os.environ.get("REQUIRE_FAULTS") == "1":
        pytest.fail(f"REQUIRE_FAULTS=1 but {reason}")
    pytest.skip(reason)


def serve(url: str, log: Path, workers: int = 2, **config) -> Gunicorn:
    """gunicorn on ``url`` (CSRF on, rate limits off, plain-HTTP cookies), not yet started."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": SECRET,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        **config,
    }
    return Gunicorn(app_spec(settings), workers=workers, log_path=log)


@dataclass
class Hit:
    started: float
    status: int | None
    body: str = ""
    retry_after: str | None = None
    error: str = ""


@dataclass
class Loop:
    """GET ``path`` again and again on a background thread until stopped."""

    browser: Browser
    path: str
    hits: list[Hit] = field(default_factory=list)
    stop_event: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop_event.is_set():
            started = time.monotonic()
            try:
                reply = self.browser.get(self.path)
            except OSError as exc:  # connection refused/reset: not acceptable either
                self.hits.append(Hit(started, None, error=f"{type(exc).__name__}: {exc}"))
            else:
                self.hits.append(
                    Hit(started, reply.status, reply.text, reply.headers.get("retry-after"))
                )
            time.sleep(0.02)

    def __enter__(self) -> Loop:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop_event.set()
        self.thread.join(30)

    def between(self, start: float, end: float = float("inf")) -> list[Hit]:
        return [hit for hit in self.hits if start <= hit.started < end]
