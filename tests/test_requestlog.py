"""Structured request logs: one JSON line per request, timing, request ids, no secrets."""

import json
import logging
import re
import uuid

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from tests.conftest import make_app
from tests.factories import PASSWORD, make_user
from tests.statements import count_statements
from training.auth.tokens import issue_token
from training.extensions import db as _db

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class Lines(logging.Handler):
    """Keep every formatted record of the request logger, as the stderr handler writes it."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.levels: list[int] = []

    def emit(self, record):
        self.lines.append(self.format(record))
        self.levels.append(record.levelno)

    def records(self):
        return [json.loads(line) for line in self.lines]


def _app(**config):
    app = make_app(**config)
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def log_app():
    yield from _app(REQUEST_LOG=True, LOG_FORMAT="json")


@pytest.fixture
def lines():
    handler = Lines()
    logger = logging.getLogger("training.request")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def test_login_post_logs_one_line_without_password_query_or_cookie(log_app, lines):
    user = make_user(roles=("admin",))
    _db.session.commit()
    client = log_app.test_client()

    response = client.post(
        "/login?next=/people/%3Fq%3Drahasia-kueri",
        data={"username": user.username, "password": PASSWORD},
    )

    assert response.status_code == 302
    [entry] = lines.records()
    assert entry["method"] == "POST"
    assert entry["path"] == "/login"
    assert entry["endpoint"] == "auth.login"
    assert entry["status"] == 302
    assert entry["user_id"] == user.id
    assert entry["remote_addr"] == "127.0.0.1"
    assert isinstance(entry["duration_ms"], float) and 0 <= entry["duration_ms"] < 60_000
    assert entry["timestamp"].endswith("Z")
    assert entry["request_id"] == response.headers["X-Request-ID"]
    assert UUID4.match(entry["request_id"])
    cookie = client.get_cookie("session").value
    text = lines.lines[0]
    for secret in (PASSWORD, "rahasia-kueri", "next=", cookie, user.username):
        assert secret not in text
    assert lines.levels == [logging.INFO]


def test_api_call_with_token_logs_user_but_never_the_token(log_app, lines):
    user = make_user(roles=("admin",))
    _token, secret = issue_token(user, "skrip")
    _db.session.commit()

    response = log_app.test_client().get(
        "/api/v1/me?token=" + secret, headers={"Authorization": f"Bearer {secret}"}
    )

    assert response.status_code == 200
    [entry] = lines.records()
    assert entry["path"] == "/api/v1/me"
    assert entry["endpoint"] == "api.me"
    assert entry["status"] == 200
    assert entry["user_id"] == user.id
    assert secret not in lines.lines[0]
    assert secret[:10] not in lines.lines[0]


def test_anonymous_request_has_no_user_and_a_fresh_id_each_time(log_app, lines):
    client = log_app.test_client()

    first = client.get("/health")
    second = client.get("/login")

    one, two = lines.records()
    assert [one["status"], two["status"]] == [200, 200]
    assert one["user_id"] is None and two["user_id"] is None
    assert one["request_id"] == first.headers["X-Request-ID"]
    assert two["request_id"] == second.headers["X-Request-ID"]
    assert one["request_id"] != two["request_id"]


def test_sane_incoming_request_id_is_kept_and_a_bad_one_replaced(log_app, lines):
    client = log_app.test_client()
    sane = "proxy-7f3a2c1e-0001"

    kept = client.get("/health", headers={"X-Request-ID": sane})
    replaced = client.get("/health", headers={"X-Request-ID": 'x" ,"status":200 }'})
    too_short = client.get("/health", headers={"X-Request-ID": "abc"})

    assert kept.headers["X-Request-ID"] == sane
    assert UUID4.match(replaced.headers["X-Request-ID"])
    assert UUID4.match(too_short.headers["X-Request-ID"])
    assert [e["request_id"] for e in lines.records()] == [
        sane,
        replaced.headers["X-Request-ID"],
        too_short.headers["X-Request-ID"],
    ]


def test_secret_parts_of_urls_are_masked(log_app, lines):
    client = log_app.test_client()
    feed_token = uuid.uuid4().hex

    client.get(f"/calendar/feed/{feed_token}.ics")
    client.get("/verify/RAHASIA-KODE-1")
    client.get("/verify/RAHASIA-KODE-2.json")

    assert [e["path"] for e in lines.records()] == [
        "/calendar/feed/***.ics",
        "/verify/***",
        "/verify/***.json",
    ]
    text = "\n".join(lines.lines)
    assert feed_token not in text and "RAHASIA" not in text


def test_ordinary_path_arguments_stay_and_unknown_paths_are_logged_as_sent(log_app, lines):
    client = log_app.test_client()

    client.get("/units/ABC123")
    client.get("/no/such/page?q=rahasia")

    unit, missing = lines.records()
    assert unit["path"] == "/units/ABC123" and unit["endpoint"] == "units.detail"
    assert missing["path"] == "/no/such/page"
    assert missing["endpoint"] is None and missing["status"] == 404


def test_remote_address_comes_from_the_trusted_proxy_header(log_app, lines):
    log_app.wsgi_app = ProxyFix(log_app.wsgi_app, x_for=1)

    log_app.test_client().get("/health", headers={"X-Forwarded-For": "203.0.113.7"})

    assert lines.records()[0]["remote_addr"] == "203.0.113.7"


def test_server_errors_are_logged_at_error_level(lines):
    for app in _app(REQUEST_LOG=True, PROPAGATE_EXCEPTIONS=False):

        @app.route("/_boom")
        def boom():
            raise RuntimeError("gagal")

        response = app.test_client().get("/_boom")

    assert response.status_code == 500
    assert lines.records()[0]["status"] == 500
    assert lines.levels == [logging.ERROR]


def test_text_format_is_one_readable_line(lines):
    for app in _app(REQUEST_LOG=True, LOG_FORMAT="text"):
        response = app.test_client().get("/health?x=1")

    [line] = lines.lines
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z " + request_id + r" GET /health 200 "
        r"\d+\.\dms endpoint=core.health user=- addr=127.0.0.1",
        line,
    )


def test_log_is_off_in_tests_unless_asked_but_the_id_header_is_sent(client, lines):
    response = client.get("/health")

    assert client.application.config["REQUEST_LOG"] is False
    assert lines.lines == []
    assert UUID4.match(response.headers["X-Request-ID"])


def test_log_level_setting_silences_ordinary_requests(lines):
    for app in _app(REQUEST_LOG=True, LOG_LEVEL="warning"):
        app.test_client().get("/health")

    assert lines.lines == []


def test_logging_a_request_sends_no_sql(log_app, lines):
    client = log_app.test_client()

    with count_statements() as statements, client.get("/static/css/app.css") as response:
        status = response.status_code

    assert status == 200
    assert statements == []
    [entry] = lines.records()
    assert entry["endpoint"] == "static" and entry["path"] == "/static/css/app.css"
