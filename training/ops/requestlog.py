"""One structured line per request on the ``training.request`` logger.

Fields: timestamp (UTC, ISO 8601), request_id, method, path (no query string; secret URL
parts masked), endpoint, status, duration_ms, user_id (or null), remote_addr (as Werkzeug's
ProxyFix sets it behind a proxy). Passwords, tokens, cookies, query strings and form bodies
are never logged. The request id is also sent back as the ``X-Request-ID`` header; a sane
incoming ``X-Request-ID`` (from a proxy) is kept.

Settings (training/config.py; instance config or environment): LOG_FORMAT ``json``
(default) or ``text``; LOG_LEVEL (default INFO); REQUEST_LOG on by default, off when
TESTING unless set.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, request, request_finished, request_started

logger = logging.getLogger("training.request")

HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$")
_START = "training.request_start"
_ID = "training.request_id"
_RULE_ARG = re.compile(r"<(?:[^<>:]+:)?([^<>]+)>")
#: URL parts that are secrets: a calendar feed token, a check-in code, a verification code.
SECRET_ARGS = {"token"}
SECRET_ENDPOINT_ARGS = {
    "attendance.scan": {"code"},
    "verify.show": {"code"},
    "verify.show_json": {"code"},
}
MASK = "***"


def init_app(app: Flask) -> None:
    if app.config.get("REQUEST_LOG") is None:  # automatic: on, except under tests
        app.config["REQUEST_LOG"] = not app.testing
    app.config["LOG_FORMAT"] = str(app.config["LOG_FORMAT"]).lower()
    if app.config["LOG_FORMAT"] not in ("json", "text"):
        raise ValueError("LOG_FORMAT must be 'json' or 'text'")
    if app.config["REQUEST_LOG"]:
        _configure_logger(str(app.config["LOG_LEVEL"]).upper())
    request_started.connect(_started, app)
    request_finished.connect(_finished, app)


def _configure_logger(level: str) -> None:
    """Send the request lines as they are to stderr (once per process)."""
    logger.setLevel(level)
    if not any(getattr(h, "_training_request", False) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._training_request = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.propagate = False
    logger.disabled = False  # a logging.config.fileConfig() run may have disabled it


class _StderrHandler(logging.StreamHandler):
    """Write to whatever ``sys.stderr`` is at the time (servers and tests may swap it)."""

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _started(sender: Flask, **_extra) -> None:
    incoming = request.headers.get(HEADER, "")
    request.environ[_ID] = incoming if _SANE_ID.match(incoming) else str(uuid.uuid4())
    request.environ[_START] = time.perf_counter()


def _finished(sender: Flask, response: Response, **_extra) -> None:
    request_id = request.environ.get(_ID) or str(uuid.uuid4())
    response.headers[HEADER] = request_id
    if not sender.config["REQUEST_LOG"]:
        return
    started = request.environ.get(_START, time.perf_counter())
    fields = {
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "request_id": request_id,
        "method": request.method,
        "path": logged_path(),
        "endpoint": request.endpoint,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "user_id": _user_id(),
        "remote_addr": request.remote_addr,
    }
    level = logging.ERROR if response.status_code >= 500 else logging.INFO
    if sender.config["LOG_FORMAT"] == "text":
        logger.log(level, format_text(fields))
    else:
        logger.log(level, json.dumps(fields, ensure_ascii=False, separators=(",", ":")))


def logged_path() -> str:
    """The request path without query string, secret URL arguments replaced by ``***``."""
    rule, args = request.url_rule, request.view_args or {}
    secret = SECRET_ARGS | SECRET_ENDPOINT_ARGS.get(request.endpoint or "", set())
    if rule is None or not secret.intersection(args):
        return request.path
    return _RULE_ARG.sub(
        lambda m: MASK if m.group(1) in secret else str(args.get(m.group(1), m.group(0))),
        rule.rule,
    )


def format_text(fields: dict) -> str:
    user = fields["user_id"] if fields["user_id"] is not None else "-"
    return (
        f"{fields['timestamp']} {fields['request_id']} {fields['method']} {fields['path']} "
        f"{fields['status']} {fields['duration_ms']}ms endpoint={fields['endpoint'] or '-'} "
        f"user={user} addr={fields['remote_addr'] or '-'}"
    )


def _user_id() -> int | None:
    """The id of the user this request authenticated (loaded by Flask-Login), else None."""
    user = g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "id", None)
