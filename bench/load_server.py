"""Start and stop gunicorn for the load and fault tests (loopback only)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from bench.load_client import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def app_spec(config: dict) -> str:
    """The gunicorn target calling ``create_app`` with ``config`` (a literal dict)."""
    return f"training:create_app({config!r})"


class Gunicorn:
    """A gunicorn master with ``workers`` sync workers on 127.0.0.1:<free port>.

    Command-line settings override any gunicorn.conf.py, so runs are comparable.
    """

    def __init__(
        self,
        target: str,
        workers: int = 2,
        log_path: Path | None = None,
        port: int | None = None,
        **options,
    ):
        self.port = port or free_port()
        self.target = target
        self.workers = workers
        self.options = options
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> Gunicorn:
        args = [
            str(GUNICORN),
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--threads",
            "1",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            str(self.options.get("worker_timeout", 120)),
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            "--no-control-socket",  # one path per user: two instances at once would compete
            "--chdir",
            str(ROOT),
            self.target,
        ]
        env = {**os.environ, "PYTHONPATH": str(ROOT), **self.options.get("env", {})}
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        if self.log_path:
            log.close()
        try:
            wait_until_serving(self.port, self.process, timeout)
        except Exception:
            self.stop()
            raise
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()
