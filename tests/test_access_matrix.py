"""Who may reach which route: a table of route × actor → HTTP status.

Every route of the application must appear here (a test checks it), so a new route
cannot ship without its access rule being written down and tested.
Actors: anonymous, admin, trainer, a commander whose subtree holds the target unit and
person ("cmd_in"), a commander of another region ("cmd_out"), a participant (whose own
record is "{own}"; the target person "{person}" is somebody else), and, in a sibling Polres
of the target's, a commander ("cmd_sibling"), a regional trainer ("trainer_regional") and a
trainer named on the feature sessions ("trainer_session"): see tests/access_rules/common.py.
"""

import importlib
import pkgutil

import pytest

from tests import access_rules
from tests.access_rules.common import (
    ACTORS,
    ADMIN_ONLY,
    ADMIN_ONLY_POST,
    API_ANY,
    API_SCOPED,
    EVERYONE,
    LOGGED_IN,
    READERS,
    SCOPED,
    SCOPED_PERSON,
    UNIT_LIST,
    row,
)
from tests.factories import PASSWORD, make_person, make_tree, make_unit, make_user
from training.auth.tokens import issue_token
from training.extensions import db as _db

#: Feature modules in tests/access_rules/ (other than common) each define
#: ``RULES`` (endpoint → cases, as in MATRIX) and ``build(tree, users) -> dict`` returning
#: the extra URL values their cases use; the tree and users are those of ``world``.
FEATURE_RULES = [
    importlib.import_module(f"tests.access_rules.{m.name}")
    for m in pkgutil.iter_modules(access_rules.__path__)
    if m.name != "common"
]

ADMIN_UNKNOWN_FILE = row(302, 404, 403, 403, 403, 403)

#: endpoint → list of (method, url, form data, expected statuses)
MATRIX = {
    "core.health": [("GET", "/health", None, EVERYONE)],
    "core.set_language": [("POST", "/lang", {"lang": "en"}, row(302, 302, 302, 302, 302, 302))],
    "static": [("GET", "/static/css/app.css", None, EVERYONE)],
    "bootstrap.static": [("GET", "/bootstrap/static/css/bootstrap.min.css", None, EVERYONE)],
    "auth.login": [("GET", "/login", None, row(200, 302, 302, 302, 302, 302))],
    "auth.logout": [("POST", "/logout", {}, row(302, 302, 302, 302, 302, 302))],
    "auth.password": [("GET", "/password", None, LOGGED_IN)],
    "auth.profile": [("GET", "/profile", None, LOGGED_IN)],
    "auth.profile_language": [
        ("POST", "/profile/language", {"locale": "id"}, row(302, 302, 302, 302, 302, 302))
    ],
    "auth.token_create": [
        ("POST", "/profile/tokens", {"name": "uji", "days": "30"}, LOGGED_IN),
    ],
    "auth.token_revoke": [
        # the token belongs to the admin: everybody else gets 404
        ("POST", "/profile/tokens/{token}/revoke", {}, row(302, 302, 404, 404, 404, 404))
    ],
    "auth.users": [("GET", "/admin/users", None, ADMIN_ONLY)],
    "auth.user_new": [("GET", "/admin/users/new", None, ADMIN_ONLY)],
    "auth.user_edit": [("GET", "/admin/users/{user}/edit", None, ADMIN_ONLY)],
    "auth.user_reset_password": [
        (
            "POST",
            "/admin/users/{user}/password",
            {"new_password": "Sandi-Baru-2026"},
            ADMIN_ONLY_POST,
        )
    ],
    "units.index": [("GET", "/units/", None, READERS)],
    "units.detail": [("GET", "/units/{unit}", None, SCOPED)],
    "units.new": [("GET", "/units/new", None, ADMIN_ONLY)],
    "units.edit": [("GET", "/units/{unit}/edit", None, ADMIN_ONLY)],
    "units.move": [("POST", "/units/{unit}/move", {"parent_code": "{polda_b}"}, ADMIN_ONLY_POST)],
    "units.import_": [("GET", "/units/import", None, ADMIN_ONLY)],
    "units.export_csv": [("GET", "/units/export.csv", None, READERS)],
    "units.export_xlsx": [("GET", "/units/export.xlsx", None, READERS)],
    "people.index": [
        ("GET", "/people/", None, READERS),
        ("GET", "/people/?unit={unit}", None, UNIT_LIST),
    ],
    "people.detail": [
        ("GET", "/people/{person}", None, SCOPED_PERSON),
        ("GET", "/people/{own}", None, row(302, 200, 200, 200, 404, 200)),
    ],
    "people.new": [("GET", "/people/new", None, ADMIN_ONLY)],
    "people.edit": [("GET", "/people/{person}/edit", None, ADMIN_ONLY)],
    "people.import_": [("GET", "/people/import", None, ADMIN_ONLY)],
    "people.export_csv": [("GET", "/people/export.csv", None, READERS)],
    "people.export_xlsx": [("GET", "/people/export.xlsx", None, READERS)],
    # an unknown or foreign preview token: back to the import page / 404 for admins
    "units.import_confirm": [("POST", "/units/import/confirm", {"token": "x"}, ADMIN_ONLY_POST)],
    "units.import_errors": [("GET", "/units/import/errors/x.csv", None, ADMIN_UNKNOWN_FILE)],
    "people.import_confirm": [("POST", "/people/import/confirm", {"token": "x"}, ADMIN_ONLY_POST)],
    "people.import_errors": [("GET", "/people/import/errors/x.csv", None, ADMIN_UNKNOWN_FILE)],
    "api.me": [("GET", "/api/v1/me", None, API_ANY)],
    "api.unit_detail": [("GET", "/api/v1/units/{unit}", None, API_SCOPED)],
    "api.people": [
        ("GET", "/api/v1/people", None, API_ANY),
        ("GET", "/api/v1/people?unit={unit}", None, API_SCOPED),
    ],
}

for _module in FEATURE_RULES:
    MATRIX.update(_module.RULES)

CASES = [
    pytest.param(method, url, data, expected, id=f"{endpoint}:{method} {url}")
    for endpoint, cases in MATRIX.items()
    for method, url, data, expected in cases
]


def build_matrix_world(prefix: str) -> tuple[dict, dict, dict]:
    """Build and commit the tree, the people, one account per actor (usernames start with
    ``prefix``) and every feature's URL values; return (tree, users, values)."""
    tree = make_tree()
    tree["polres_a2"] = make_unit(tree["polda_a"])  # the target Polres's sibling
    tree["polsek_a2"] = make_unit(tree["polres_a2"])
    target = make_person(tree["polsek_a"], full_name="Target Orang", nrp="81000001")
    own = make_person(tree["polsek_a"], full_name="Peserta Sendiri", nrp="81000002")
    named = make_person(tree["polres_a2"], full_name="Pelatih Bernama", nrp="81000003")
    users = {
        "admin": make_user(roles=("admin",), username=f"{prefix}admin"),
        "trainer": make_user(roles=("trainer",), username=f"{prefix}trainer"),
        "cmd_in": make_user(roles=("commander",), username=f"{prefix}cmd_in", unit=tree["polda_a"]),
        "cmd_out": make_user(
            roles=("commander",), username=f"{prefix}cmd_out", unit=tree["polres_b"]
        ),
        "participant": make_user(roles=("participant",), username=f"{prefix}peserta", person=own),
        "trainer_regional": make_user(
            roles=("trainer",), username=f"{prefix}trainer_regional", unit=tree["polres_a2"]
        ),
        "trainer_session": make_user(
            roles=("trainer",),
            username=f"{prefix}trainer_session",
            unit=tree["polres_a2"],
            person=named,
        ),
        "cmd_sibling": make_user(
            roles=("commander",), username=f"{prefix}cmd_sibling", unit=tree["polres_a2"]
        ),
    }
    victim = make_user(roles=("trainer",), username=f"{prefix}victim")
    token, _secret = issue_token(users["admin"], "matrix")
    _db.session.commit()
    values = {
        "tree_mabes": tree["mabes"].code,
        "unit": tree["polres_a"].code,
        "polda_b": tree["polda_b"].code,
        "person": target.id,
        "own": own.id,
        "user": victim.id,
        "token": token.id,
    }
    for module in FEATURE_RULES:
        values.update(module.build(tree, users))
    _db.session.commit()
    return tree, users, values


@pytest.fixture
def world(db):
    """The matrix world; returns the URL values and the actors' usernames."""
    _tree, users, values = build_matrix_world("m_")
    return {"values": values, "users": {k: u.username for k, u in users.items()}}


def _status(app, world, actor, method, url, data):
    client = app.test_client()
    if actor != "anon":
        username = world["users"][actor]
        client.post("/login", data={"username": username, "password": PASSWORD})
    url = url.format(**world["values"])
    data = {k: v.format(**world["values"]) for k, v in (data or {}).items()}
    with client.open(url, method=method, data=data) as response:
        return response.status_code


@pytest.mark.parametrize(("method", "url", "data", "expected"), CASES)
def test_route_access(app, world, method, url, data, expected):
    actual = {actor: _status(app, world, actor, method, url, data) for actor in ACTORS}

    assert actual == expected


def test_every_route_is_in_the_access_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}

    assert endpoints - set(MATRIX) == set()
    assert set(MATRIX) - endpoints == set()
