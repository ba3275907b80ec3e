"""Security headers on every response, cookie flags, HSTS only over HTTPS, and pages that
a strict Content-Security-Policy can render: no inline scripts, handlers or style attributes.

The page walk covers every GET route of the access matrix as an admin, so a template added
later with a style attribute or an inline script fails here.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import make_app
from tests.factories import PASSWORD, make_user
from tests.test_access_matrix import MATRIX, world  # noqa: F401  (world: fixture)
from training.extensions import db as _db
from training.security.headers import CONTENT_SECURITY_POLICY

EXPECTED = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}
#: A view may be stricter (the calendar feed, whose URL holds a secret: no-referrer).
REFERRER_POLICIES = {"same-origin", "no-referrer"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\bstyle=[\"']", re.I)
GET_URLS = sorted(
    {url for cases in MATRIX.values() for method, url, _data, _expected in cases if method == "GET"}
)


def assert_security_headers(response):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    assert response.headers.get("Referrer-Policy") in REFERRER_POLICIES
    assert "camera=()" in response.headers["Permissions-Policy"]


def csp_violations(text: str) -> list[str]:
    found = []
    for pattern in (INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE):
        found += [m.group(0) for m in pattern.finditer(text)]
    return found


def test_every_get_page_as_admin_has_the_headers_and_no_inline_code(app, world):  # noqa: F811
    client = app.test_client()
    assert (
        client.post(
            "/login", data={"username": world["users"]["admin"], "password": PASSWORD}
        ).status_code
        == 302
    )
    problems, statuses = {}, {}

    for url in GET_URLS:
        url = url.format(**world["values"])
        with client.get(url) as response:
            statuses[url] = response.status_code
            assert_security_headers(response)
            assert "Strict-Transport-Security" not in response.headers  # plain HTTP
            if response.mimetype == "text/html":
                bad = csp_violations(response.get_data(as_text=True))
                if bad:
                    problems[url] = bad[:3]

    assert problems == {}
    assert len(statuses) == len(GET_URLS) > 50
    assert all(code < 500 for code in statuses.values()), statuses


def test_headers_also_on_errors_json_static_and_anonymous_pages(client):
    statuses = []
    for url in ("/login", "/tidak-ada", "/api/v1/me", "/static/css/app.css", "/health"):
        with client.get(url) as response:
            statuses.append(response.status_code)
            assert_security_headers(response)
            assert response.headers["Referrer-Policy"] == "same-origin"

    assert statuses == [200, 404, 401, 200, 200]


def test_the_projector_qr_is_an_svg_without_style_attributes(client, login, db):
    from tests.factories import make_session

    login("admin")
    session = make_session(starts_at=datetime.now(UTC) + timedelta(hours=1))  # not over yet
    db.session.commit()

    page = client.get(f"/attendance/sessions/{session.id}/projector")
    feed = client.get(f"/attendance/sessions/{session.id}/code.json")

    assert page.status_code == 200 and feed.status_code == 200
    assert "<svg" in page.text and csp_violations(page.text) == []
    assert feed.json["svg"].startswith("<svg") and csp_violations(feed.json["svg"]) == []


def test_hsts_only_over_https(client):
    plain = client.get("/login")
    secure = client.get("/login", base_url="https://localhost")

    assert "Strict-Transport-Security" not in plain.headers
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_forwarded_https_counts_only_behind_a_trusted_proxy(app):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    direct = app.test_client().get("/login", headers=forwarded)
    proxied_app = make_app(TRUSTED_PROXIES=1)

    proxied = proxied_app.test_client().get("/login", headers=forwarded)

    assert "Strict-Transport-Security" not in direct.headers
    assert proxied.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_header_a_view_sets_itself_is_kept(app):
    @app.get("/uji-csp")
    def custom():
        return "ok", 200, {"Content-Security-Policy": "default-src 'none'"}

    response = app.test_client().get("/uji-csp")

    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert EXPECTED["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


# --- cookies --------------------------------------------------------------------------------


def session_cookie(app) -> str:
    with app.app_context():
        _db.create_all()
        try:
            make_user(username="budi")
            _db.session.commit()
            response = app.test_client().post(
                "/login", data={"username": "budi", "password": PASSWORD}
            )
        finally:
            _db.session.remove()
            _db.drop_all()
            _db.engine.dispose()
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))


@pytest.mark.parametrize(
    ("overrides", "secure"),
    [
        ({"TESTING": False}, True),  # production: neither debug nor testing
        ({"TESTING": False, "DEBUG": True}, False),  # flask run --debug
        ({}, False),  # tests
        ({"TESTING": False, "SESSION_COOKIE_SECURE": False}, False),  # explicit plain HTTP
        ({"SESSION_COOKIE_SECURE": True}, True),  # explicit
    ],
)
def test_session_cookie_flags(overrides, secure):
    app = make_app(**overrides)

    cookie = session_cookie(app)

    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("Secure" in cookie) is secure
    assert app.config["REMEMBER_COOKIE_SECURE"] is secure
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"


def test_environment_decides_cookie_security(monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "0")

    app = make_app(TESTING=False)

    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["REMEMBER_COOKIE_SECURE"] is False


def test_the_page_checker_finds_what_the_policy_refuses():
    page = (
        '<script src="/static/js/a.js"></script><p class="x">online=ok</p>'
        '<script>alert(1)</script><a href=# onclick="x()">a</a><div style="color:red"></div>'
    )

    assert csp_violations(page) == ["<script>", " onclick=", 'style="']
