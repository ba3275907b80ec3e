"""A small HTTP/1.1 client for the load and fault tests: cookies, CSRF tokens, timings.

Standard library only (http.client): one connection per request, as gunicorn's sync
workers close the connection after each response anyway.
"""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


@dataclass
class Browser:
    """One virtual user: a cookie jar and the server's address."""

    host: str
    port: int
    timeout: float = 30.0
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""
    #: Held while a thread acts as this user: one person does one thing at a time.
    busy: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def request(
        self, method: str, path: str, data: dict | None = None, payload: object = None
    ) -> Reply:
        """``data`` is sent as a form; ``payload`` (when ``data`` is None) as JSON with the
        CSRF token in X-CSRFToken, as the pages' scripts send it."""
        headers = {"Accept-Language": "id", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif payload is not None:
            body = json.dumps(payload).encode()
            headers |= {"Content-Type": "application/json", "X-CSRFToken": self.csrf}
            headers["Accept"] = "application/json"
        started = time.perf_counter()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            reply_headers = {k.lower(): v for k, v in response.getheaders()}
            for value in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(value)
                for name, morsel in jar.items():
                    self.cookies[name] = morsel.value
        finally:
            conn.close()
        reply = Reply(response.status, reply_headers, payload, time.perf_counter() - started)
        token = CSRF_RE.search(reply.text) if b"csrf_token" in payload else None
        if token:
            self.csrf = token.group(1)
        return reply

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Reply:
        return self.request("POST", path, {"csrf_token": self.csrf, **data})

    def post_json(self, path: str, payload: object) -> Reply:
        return self.request("POST", path, payload=payload)

    def login(self, username: str, password: str) -> Reply:
        self.get("/login")
        reply = self.post("/login", {"username": username, "password": password})
        if reply.status != 302:
            raise RuntimeError(f"login of {username} failed: {reply.status} {reply.text[:300]}")
        return reply


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(port: int, process: subprocess.Popen, seconds: float = 30.0) -> None:
    """Wait until ``port`` answers HTTP (any status); fail early if ``process`` died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/login")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
        finally:
            conn.close()
    raise RuntimeError(f"nothing answered on port {port} within {seconds} s")


def children_of(pid: int) -> list[int]:
    """The direct child processes of ``pid`` (Linux /proc), e.g. gunicorn's workers."""
    found: list[int] = []
    try:
        for task in (p for p in _listdir(f"/proc/{pid}/task")):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(x) for x in handle.read().split()]
    except FileNotFoundError:
        return []
    return found


def _listdir(path: str) -> list[str]:
    import os

    return os.listdir(path)
