"""API tokens are scoped (the API serves only tokens with "read") and expiring (at most
365 days, in the form and the command); secrets are shown once and never logged."""

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import make_user
from training.auth.models import ApiToken
from training.auth.services import AccountError
from training.auth.tokens import MAX_DAYS, authenticate_token, issue_token


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_new_tokens_carry_the_read_scope(app, db):
    token, _secret = issue_token(make_user(), "dasbor", 30)
    db.session.commit()
    db.session.expire_all()

    assert db.session.get(ApiToken, token.id).scopes == ["read"]


@pytest.mark.parametrize("scopes", [(), ("write",), ("read", "admin")])
def test_unknown_or_empty_scopes_are_refused(app, db, scopes):
    with pytest.raises(AccountError, match="Cakupan token harus salah satu dari: read") as caught:
        issue_token(make_user(), "skrip", 30, scopes=scopes)

    assert caught.value.field == "scopes"


@pytest.mark.parametrize("scopes", [[], ["write"], None])
def test_a_valid_token_without_the_read_scope_gets_403_json(client, db, scopes):
    token, secret = issue_token(make_user(), "tanpa-baca", 30)
    token.scopes = scopes
    db.session.commit()

    response = client.get("/api/v1/me", headers=bearer(secret))
    people = client.get("/api/v1/people", headers=bearer(secret))
    db.session.refresh(token)

    assert response.status_code == 403 and people.status_code == 403
    assert response.is_json
    assert response.json == {
        "error": "Token API ini tidak memiliki cakupan baca (read).",
        "message": "Buat token baru dengan cakupan baca di halaman profil.",
    }
    assert token.last_used_at is None
    assert authenticate_token(secret) is None


def test_a_read_token_is_served_and_marked_used(client, db):
    token, secret = issue_token(make_user(username="pembaca"), "baca", 30)
    db.session.commit()

    response = client.get("/api/v1/me", headers=bearer(secret))
    db.session.refresh(token)

    assert response.status_code == 200 and response.json["username"] == "pembaca"
    assert token.last_used_at is not None


def test_an_expired_token_gets_401_json_even_without_the_read_scope(client, db):
    token, secret = issue_token(make_user(), "lama", 1, now=datetime.now(UTC) - timedelta(days=2))
    token.scopes = []
    db.session.commit()

    response = client.get("/api/v1/me", headers=bearer(secret))

    assert response.status_code == 401
    assert response.is_json and "token API" in response.json["error"]


def test_a_token_without_read_is_refused_even_alongside_a_browser_session(client, login, db):
    """Sending a token without read is refused even when a browser session exists."""
    user = login("trainer")
    token, secret = issue_token(user, "tanpa-baca", 30)
    token.scopes = []
    db.session.commit()

    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 403


def test_the_longest_validity_is_365_days_everywhere(client, login, db, app):
    user = login("trainer")

    over = client.post("/profile/tokens", data={"name": "lama", "days": "366"})
    ok = client.post("/profile/tokens", data={"name": "setahun", "days": str(MAX_DAYS)})
    cli = app.test_cli_runner().invoke(
        args=["create-token", user.username, "--name", "cli", "--days", "400"]
    )
    names = [t.name for t in db.session.query(ApiToken).filter_by(user_id=user.id)]

    assert MAX_DAYS == 365
    assert "Isi 1 sampai 365 hari." in over.text
    assert 'value="lama"' in over.text
    assert ok.status_code == 200
    assert cli.exit_code != 0 and "Masa berlaku token 1 sampai 365 hari." in cli.output
    assert names == ["setahun"]


def test_the_secret_is_shown_once_and_never_logged(app, client, login, db, caplog):
    login("trainer")
    caplog.set_level(logging.DEBUG)
    api = app.test_client()  # no browser session: the token alone

    created = client.post("/profile/tokens", data={"name": "integrasi", "days": "30"})
    secret = re.search(r'id="new-token"[^>]* value="([^"]+)"', created.text).group(1)
    later = client.get("/profile")
    used = api.get("/api/v1/me", headers=bearer(secret))
    refused = api.get("/api/v1/me", headers=bearer(secret + "x"))

    assert secret.startswith("pt_") and len(secret) > 40
    assert created.headers["Cache-Control"] == "no-store"
    assert secret not in later.text and secret[:10] in later.text
    assert used.status_code == 200 and refused.status_code == 401
    assert secret not in caplog.text
    stored = db.session.query(ApiToken).one()
    assert secret not in (stored.token_hash, stored.prefix, stored.name)
