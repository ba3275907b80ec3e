"""Hypothesis-generated bad input on every POST route and every GET page: never a 500, and a
commander changes nothing outside their subtree.

POST routes come from app.url_map; their URLs (with real ids) from the access matrix
(tests/test_access_matrix.py and tests/access_rules/*); their fields from the forms found on
the matrix's GET pages (crawled once as admin) plus the matrix's own form data. CSRF is off
as in every other test (tests/conftest.py); CSRF itself is tested in tests/test_auth.py.
The actors are the admin, the commander of polda_a (cmd_in, whose subtree holds the
targets) and the commander of polres_b (cmd_out, aiming at region A from outside).
Each form and page first gets a sweep (every field / parameter at once set to each value
of forms.SWEEP), then Hypothesis examples: FUZZ_EXAMPLES per form and actor (default 3;
one fewer per GET page, 20x as many fuzzed paths). The run is derandomized so CI is
repeatable; FUZZ_EXAMPLES=10 or more explores further locally.
"""

import os
import re
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PASSWORD
from tests.fuzz.forms import SWEEP, form_data, page_forms, text_values
from tests.fuzz.scope_guard import changes_outside, snapshot
from tests.fuzz.world import build_world
from tests.test_access_matrix import MATRIX

POST_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
GET_EXAMPLES = max(1, POST_EXAMPLES - 1)
PATH_EXAMPLES = 20 * POST_EXAMPLES
#: Actors in the order they post: commanders and the trainer of a sibling Polres (whose
#: changes must stay inside that Polres) first, so the admin's changes come last.
POST_ACTORS = ("cmd_out", "cmd_in", "trainer_regional", "admin")
#: Query parameters the views read (grep request.args) and a few more.
QUERY_NAMES = [
    *("all", "code", "course", "cycle", "date", "days", "dir", "direction", "entity", "fmt"),
    *("from", "to", "go", "kind", "level", "mine", "next", "nrp", "on", "page", "parent"),
    *("per_page", "person", "platform", "position", "program", "q", "rank", "region", "role"),
    *("session", "sort", "state", "status", "trainer", "unit", "user", "verified", "view"),
    *("week", "month", "year", "tier", "endpoint", "_method", "_scheme", "_external", "tag"),
]


def _fuzz_settings(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )


def _endpoints(app, method: str) -> list[str]:
    return sorted(
        {r.endpoint for r in app.url_map.iter_rules() if method in r.methods},
    )


def _post_endpoints() -> list[str]:
    from tests.conftest import make_app

    return _endpoints(make_app(), "POST")


def _post_cases(endpoint: str) -> list[tuple[str, dict]]:
    """(url, form data) pairs aimed at this endpoint; GET cases give the URL only."""
    cases = MATRIX.get(endpoint, [])
    posts = [(url, dict(data or {})) for method, url, data, _row in cases if method == "POST"]
    return posts or [(url.split("?")[0], {}) for method, url, _d, _row in cases][:1]


def _client(app, username: str):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, username
    return client


_FORMS: dict[str, dict] = {}


def _crawl_forms(app, client, values) -> dict[str, dict]:
    """endpoint -> fields of the POST forms on every GET page of the matrix (once)."""
    if _FORMS:
        return _FORMS
    adapter = app.url_map.bind("localhost")
    for cases in MATRIX.values():
        for method, url, _data, _row in cases:
            if method != "GET" or url.startswith(("/static", "/bootstrap")):
                continue
            target = url.format(**values)
            with client.get(target) as response:
                if response.status_code != 200 or "html" not in response.content_type:
                    continue
                html = response.get_data(as_text=True)
            for action, fields in page_forms(target, html).items():
                try:
                    endpoint, _args = adapter.match(action, method="POST")
                except Exception:  # an action the app does not route (none expected)
                    continue
                _FORMS.setdefault(endpoint, {}).update(fields)
    return _FORMS


def _known(values) -> list[str]:
    return sorted({str(v) for v in values.values()})


def _expand(data: dict, values: dict) -> dict:
    return {k: v.format(**values) if isinstance(v, str) else v for k, v in data.items()}


def _post(client, url, data):
    with client.post(url, data=data, content_type="multipart/form-data") as response:
        return response.status_code, response.get_data()


def _fuzz_post(app, clients, username, actor, url, strategy, names):
    for value in SWEEP:  # every field at once
        status, body = _post(clients[actor], url, dict.fromkeys(names, value))
        assert status < 500, (actor, url, value, body[:2000])

    @_fuzz_settings(POST_EXAMPLES)
    @given(data=strategy)
    def run(data):
        status, body = _post(clients[actor], url, data)
        assert status < 500, (actor, url, data, body[:2000])
        if url == "/logout":
            clients[actor] = _client(app, username)

    run()


POST_ENDPOINTS = _post_endpoints()


@pytest.mark.slow
@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_bad_form_input_gives_no_500_and_no_change_outside_scope(app, db, endpoint):
    world = build_world()
    values = world["values"]
    users = world["users"]
    clients = {name: _client(app, users[name].username) for name in POST_ACTORS}
    fields = _crawl_forms(app, clients["admin"], values).get(endpoint, {})
    cases = _post_cases(endpoint)
    if not cases:  # tests/test_access_matrix.py fails for it: no URL to aim at yet
        pytest.skip(f"{endpoint} has no access rule yet")
    known = _known(values)
    failures = []
    for url, base in cases:
        url = url.format(**values)
        strategy = form_data(fields, _expand(base, values), known)
        for actor in POST_ACTORS:
            user = users[actor]
            before = snapshot() if actor != "admin" else None
            names = sorted(set(fields) | set(base))
            _fuzz_post(app, clients, users[actor].username, actor, url, strategy, names)
            if before is not None:
                problems = changes_outside(before, snapshot(), user.unit.path, user.id)
                failures += [f"{actor} {url}: {p}" for p in problems]
    assert failures == []


def _get_urls(app, values) -> list[str]:
    urls = []
    for cases in MATRIX.values():
        for method, url, _data, _row in cases:
            if method == "GET" and not url.startswith(("/static", "/bootstrap")):
                urls.append(url.format(**values))
    return urls


def _fuzzed_path(app):
    """Any GET rule with fuzzed values for its path arguments."""
    adapter = app.url_map.bind("localhost")
    rules = [
        r
        for r in app.url_map.iter_rules()
        if "GET" in r.methods
        and r.arguments - set(r.defaults or ())
        and not r.rule.startswith(("/static", "/bootstrap"))
    ]

    def build(rule, draw):
        args = {}
        for name in sorted(rule.arguments - set(rule.defaults or ())):
            converter = type(rule._converters[name]).__name__
            if "Integer" in converter:
                args[name] = draw(st.integers(min_value=0, max_value=2**64))
            else:
                args[name] = draw(text_values.filter(lambda t: t and "/" not in t))
        try:
            return adapter.build(rule.endpoint, args)
        except Exception:  # a value the converter refuses to build: use the rule itself
            return re.sub(r"<[^>]+>", "x", rule.rule)

    return st.sampled_from(rules).flatmap(lambda rule: st.composite(lambda d: build(rule, d))())


def _query():
    return st.dictionaries(
        st.one_of(st.sampled_from(QUERY_NAMES), st.text(max_size=8)), text_values, max_size=4
    )


@pytest.mark.slow
def test_fuzzed_query_strings_and_paths_on_get_pages_give_no_500(app, db):
    world = build_world()
    values = world["values"]
    users = world["users"]
    before = snapshot()
    seen = []
    urls = _get_urls(app, values)
    adapter = app.url_map.bind("localhost")
    reached = {adapter.match(url.split("?")[0], method="GET")[0] for url in urls}
    assert set(_endpoints(app, "GET")) - reached <= {"static", "bootstrap.static"}
    for actor in ("cmd_in", "admin"):
        client = _client(app, users[actor].username)
        for url in urls:
            _fuzz_query(client, actor, url, seen)
        _fuzz_paths(app, client, actor, seen)
        if actor == "cmd_in":
            user = users[actor]
            assert changes_outside(before, snapshot(), user.unit.path, user.id) == []
    assert seen.count(200) > len(urls) and 404 in seen


def _get(client, actor, url, seen):
    with client.get(url) as response:
        seen.append(response.status_code)
        assert response.status_code < 500, (actor, url, response.get_data()[:2000])


def _fuzz_query(client, actor, url, seen):
    """The page with its own parameters and fuzzed ones merged in."""
    path, _sep, own = url.partition("?")
    params = dict(parse_qsl(own))
    for value in SWEEP:  # every parameter at once
        _get(client, actor, path + "?" + urlencode(dict.fromkeys(QUERY_NAMES, value)), seen)

    @_fuzz_settings(GET_EXAMPLES)
    @given(query=_query())
    def run(query):
        _get(client, actor, path + "?" + urlencode({**params, **query}), seen)

    run()


def _fuzz_paths(app, client, actor, seen):
    @_fuzz_settings(PATH_EXAMPLES)
    @given(url=_fuzzed_path(app), query=_query())
    def run(url, query):
        _get(client, actor, url + ("?" + urlencode(query) if query else ""), seen)

    run()


def test_every_post_route_refuses_a_missing_or_forged_csrf_token_with_400():
    from tests.conftest import make_app
    from training.extensions import db

    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        try:
            world = build_world()
            client = app.test_client()
            page = client.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
            token = token or re.search(r'name="csrf_token" value="([^"]+)"', page)
            login = {"username": "f_admin", "password": PASSWORD, "csrf_token": token.group(1)}
            assert client.post("/login", data=login).status_code == 302
            statuses = {}
            for endpoint in POST_ENDPOINTS:
                for url, base in _post_cases(endpoint)[:1]:
                    url = url.format(**world["values"])
                    forged = {**_expand(base, world["values"]), "csrf_token": "forged"}
                    statuses[endpoint] = {
                        client.post(url, data=_expand(base, world["values"])).status_code,
                        client.post(url, data=forged).status_code,
                    }
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()

    # the API takes tokens, not cookies: it is exempt from CSRF and refuses a browser session
    wanted = {e: {403} if e.startswith("api.") else {400} for e in statuses}
    assert {e: s for e, s in statuses.items() if s != wanted[e]} == {}
    assert len(statuses) >= 40
