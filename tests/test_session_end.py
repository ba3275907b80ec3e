"""Sessions end on the server side; signed-in answers are never cached; every ``next``
target stays on this site."""

import pytest

from tests.factories import PASSWORD, make_person, make_user


def signed_in(app, username):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def with_cookie_of(app, client):
    """A second browser holding a copy of ``client``'s session cookie."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def test_a_session_cookie_captured_before_logout_no_longer_works(app, db):
    make_user(username="budi")
    db.session.commit()
    browser = signed_in(app, "budi")
    captured = with_cookie_of(app, browser)
    assert captured.get("/profile").status_code == 200

    browser.post("/logout")

    replayed = captured.get("/profile")
    assert replayed.status_code == 302 and replayed.headers["Location"].startswith("/login")
    assert signed_in(app, "budi").get("/profile").status_code == 200


def test_a_deactivated_then_reactivated_account_does_not_get_its_old_sessions_back(app, db):
    user = make_user(username="budi", roles=("trainer",))
    admin_user = make_user(username="adm", roles=("admin",))
    db.session.commit()
    victim, admin = signed_in(app, "budi"), signed_in(app, "adm")
    form = {"roles": ["trainer"], "locale": "id"}

    off = admin.post(f"/admin/users/{user.id}/edit", data=form)  # is_active unticked
    on = admin.post(f"/admin/users/{user.id}/edit", data={**form, "is_active": "y"})

    assert off.status_code == on.status_code == 302

    assert db.session.get(type(user), user.id).is_active
    assert victim.get("/profile").status_code == 302
    assert admin.get(f"/admin/users/{admin_user.id}/edit").status_code == 200


def test_signed_in_pages_and_downloads_are_not_stored(client, login, db):
    person = make_person()
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    login("admin")

    for url in (f"/people/{person.id}", "/people/export.csv", "/people/export.xlsx", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example",
        "/\\evil.example",
        " //evil.example",
        "\n/\n/evil.example/x",
        "/\x01/evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_the_language_switch_never_leaves_the_site(client, target):
    response = client.post("/lang", data={"lang": "en", "next": target})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_local_targets_are_kept_as_the_browser_reads_them(app):
    from training.core.redirects import safe_next

    with app.test_request_context():
        assert safe_next("/people/?q=budi") == "/people/?q=budi"
        assert safe_next("/peo\tple/") == "/people/"
        assert safe_next("//x", "/readiness/") == "/readiness/"
