"""Profile page, personal API tokens, bearer authentication and GET /api/v1/me."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import make_person, make_tree, make_user
from training.auth.models import ApiToken
from training.auth.services import AccountError
from training.auth.tokens import authenticate_token, issue_token, revoke_token

NOW = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def new_token(user, **kw):
    token, secret = issue_token(user, kw.pop("name", "skrip"), **kw)
    return token, secret


# --- token service ----------------------------------------------------------------------


def test_issued_token_is_stored_only_as_hash_and_prefix(app, db):
    user = make_user()

    token, secret = issue_token(user, "Dasbor Polda", 30, now=NOW)

    assert secret.startswith("pt_") and len(secret) > 40
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:10]
    assert secret not in {token.token_hash, token.prefix, token.name}
    assert token.expires_at == NOW + timedelta(days=30)


def test_token_validity_defaults_to_the_configured_days(app, db):
    app.config["API_TOKEN_DAYS"] = 45

    token, _secret = issue_token(make_user(), "skrip", now=NOW)

    assert token.expires_at == NOW + timedelta(days=45)


@pytest.mark.parametrize(("name", "days"), [("", 30), ("x" * 81, 30), ("ok", 0), ("ok", 366)])
def test_token_name_and_validity_are_checked(app, db, name, days):
    with pytest.raises(AccountError):
        issue_token(make_user(), name, days)


def test_authenticate_token_accepts_a_usable_token_and_marks_it_used(app, db):
    user = make_user()
    token, secret = issue_token(user, "skrip", 10, now=NOW)

    found = authenticate_token(secret, now=NOW + timedelta(days=9))

    assert found is user
    assert token.last_used_at == NOW + timedelta(days=9)


def test_authenticate_token_rejects_expired_revoked_unknown_and_inactive(app, db):
    user = make_user()
    expired = issue_token(user, "lama", 1, now=NOW)[1]
    token, revoked = issue_token(user, "dicabut", 30, now=NOW)
    revoke_token(token, now=NOW)
    idle = make_user(is_active=False)
    inactive = issue_token(idle, "nonaktif", 30, now=NOW)[1]
    later = NOW + timedelta(days=2)

    assert authenticate_token(expired, now=later) is None
    assert authenticate_token(revoked, now=later) is None
    assert authenticate_token(inactive, now=later) is None
    assert authenticate_token("pt_tidak-ada", now=later) is None
    assert authenticate_token("tanpa-awalan", now=later) is None


# --- bearer authentication over HTTP ------------------------------------------------------


def test_me_with_a_bearer_token_describes_the_account(client, db):
    tree = make_tree()
    person = make_person(
        tree["polres_a"], full_name="Agus Salim", nrp="75010203", rank="AKBP", position="kapolres"
    )
    user = make_user(
        username="kapolres.a",
        roles=("commander", "participant"),
        unit=tree["polres_a"],
        person=person,
    )
    _token, secret = new_token(user)
    db.session.commit()

    response = client.get("/api/v1/me", headers=bearer(secret))

    assert response.status_code == 200
    assert response.json == {
        "username": "kapolres.a",
        "roles": ["commander", "participant"],
        "unit": tree["polres_a"].code,
        "person": {
            "nrp": "75010203",
            "name": "Agus Salim",
            "rank": "AKBP",
            "position": "kapolres",
            "unit": tree["polres_a"].code,
            "id_type": "NRP",
        },
    }


def test_me_for_an_account_without_unit_or_person(client, db):
    _token, secret = new_token(make_user(username="pelatih", roles=("trainer",)))
    db.session.commit()

    response = client.get("/api/v1/me", headers=bearer(secret))

    assert response.json == {
        "username": "pelatih",
        "roles": ["trainer"],
        "unit": None,
        "person": None,
    }


def test_bearer_use_records_last_used_at(client, db):
    token, secret = new_token(make_user())
    db.session.commit()

    client.get("/api/v1/me", headers=bearer(secret))

    db.session.refresh(token)
    assert token.last_used_at is not None


def test_bearer_authentication_sets_no_session_cookie(client, db):
    _token, secret = new_token(make_user())
    db.session.commit()

    response = client.get("/api/v1/me", headers=bearer(secret))

    assert response.headers.getlist("Set-Cookie") == []
    assert client.get("/api/v1/me").status_code == 401


def test_anonymous_api_requests_get_401_json_not_a_redirect(client):
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.is_json
    assert "token API" in response.json["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown", "inactive", "malformed"])
def test_unusable_tokens_get_401_json(client, db, state):
    user = make_user(is_active=state != "inactive")
    token, secret = issue_token(user, "skrip", 1, now=datetime.now(UTC) - timedelta(days=2))
    if state != "expired":
        token.expires_at = datetime.now(UTC) + timedelta(days=1)
    if state == "revoked":
        revoke_token(token)
    db.session.commit()
    header = {
        "unknown": bearer("pt_" + "x" * 43),
        "malformed": {"Authorization": f"Token {secret}"},
    }.get(state, bearer(secret))

    response = client.get("/api/v1/me", headers=header)

    assert response.status_code == 401
    assert "error" in response.json


def test_bearer_tokens_do_not_open_html_pages(client, db):
    _token, secret = new_token(make_user(roles=("admin",)))
    db.session.commit()

    response = client.get("/profile", headers=bearer(secret))
    admin = client.get("/admin/users", headers=bearer(secret))

    assert response.status_code == 302
    assert admin.status_code == 302


def test_browser_session_also_works_for_the_api(client, login):
    user = login("trainer")

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json["username"] == user.username


def test_unknown_api_paths_answer_json_404(client, login):
    login("trainer")

    response = client.get("/api/v1/tidak-ada")

    assert response.status_code == 404
    assert response.is_json


# --- profile page ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "trainer", "commander", "participant"])
def test_every_logged_in_role_sees_their_profile(client, login, role):
    user = login(role)

    response = client.get("/profile")

    assert response.status_code == 200
    assert user.username in response.text
    assert 'href="/password"' in response.text


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/profile"),
        ("post", "/profile/language"),
        ("post", "/profile/tokens"),
        ("post", "/profile/tokens/1/revoke"),
        ("get", "/password"),
    ],
)
def test_profile_pages_send_anonymous_users_to_login(client, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_profile_shows_roles_unit_and_person(client, db, login):
    tree = make_tree()
    person = make_person(tree["polres_a"], full_name="Agus Salim", rank="AKBP", position="kapolres")
    login("commander", "participant", unit=tree["polres_a"], person=person)

    html = client.get("/profile").text

    assert "Komandan" in html and "Peserta" in html
    assert tree["polres_a"].name in html
    assert "AKBP Agus Salim" in html
    assert "Kapolres" in html


def test_language_choice_is_saved_on_the_user(client, db, login):
    user = login("participant")

    response = client.post("/profile/language", data={"locale": "en"})

    assert response.status_code == 302
    db.session.refresh(user)
    assert user.locale == "en"
    assert client.get("/profile").text.startswith('<!doctype html>\n<html lang="en">')


def test_unknown_language_is_refused(client, db, login):
    user = login("participant")

    response = client.post("/profile/language", data={"locale": "fr"})

    assert "Bahasa tidak dikenal." in response.text
    db.session.refresh(user)
    assert user.locale == "id"


def test_creating_a_token_shows_the_secret_once(client, db, login):
    user = login("trainer")

    response = client.post("/profile/tokens", data={"name": "Dasbor Polda", "days": "30"})

    secret = re.search(r'value="(pt_[A-Za-z0-9_-]+)"', response.text).group(1)
    token = db.session.query(ApiToken).filter_by(user_id=user.id).one()
    assert token.name == "Dasbor Polda"
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert response.headers["Cache-Control"] == "no-store"
    later = client.get("/profile").text
    assert secret not in later
    assert "Dasbor Polda" in later and token.prefix in later
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_token_form_defaults_to_the_configured_validity(app, client, login):
    app.config["API_TOKEN_DAYS"] = 60
    login("trainer")

    html = client.get("/profile").text

    assert re.search(r'id="days"[^>]*value="60"', html)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "days": "30"}, "Wajib diisi."),
        ({"name": "skrip", "days": "400"}, "Isi 1 sampai 365 hari."),
        ({"name": "skrip", "days": "tiga"}, "Isi dengan bilangan bulat."),
    ],
)
def test_invalid_token_requests_are_refused_and_keep_typed_values(client, db, login, data, message):
    login("trainer")

    response = client.post("/profile/tokens", data=data)

    assert response.status_code == 200
    assert message in response.text
    assert f'value="{data["days"]}"' in response.text
    assert db.session.query(ApiToken).count() == 0


def test_revoking_a_token_stops_it_working(client, db, login):
    user = login("trainer")
    token, secret = new_token(user)
    db.session.commit()

    response = client.post(f"/profile/tokens/{token.id}/revoke")

    assert response.status_code == 302
    db.session.refresh(token)
    assert token.revoked_at is not None
    assert "Dicabut" in client.get("/profile").text
    other = type(client)(client.application)
    assert other.get("/api/v1/me", headers=bearer(secret)).status_code == 401


def test_users_cannot_revoke_or_see_each_others_tokens(client, db, login):
    owner = make_user(username="pemilik")
    token, _secret = new_token(owner, name="Token Pemilik")
    login("admin")

    response = client.post(f"/profile/tokens/{token.id}/revoke")

    assert response.status_code == 404
    assert "Token Pemilik" not in client.get("/profile").text
    db.session.refresh(token)
    assert token.revoked_at is None


def test_change_password_page_applies_the_policy(client, db, login):
    user = login("trainer")

    response = client.post(
        "/password",
        data={"current": "kata-sandi-uji-123", "new": "aaaaaaaaaaaa", "confirm": "aaaaaaaaaaaa"},
    )

    assert "satu karakter yang diulang" in response.text
    db.session.refresh(user)
    assert user.check_password("kata-sandi-uji-123")
