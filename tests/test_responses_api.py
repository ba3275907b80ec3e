"""The mention feed: POST /api/v1/accounts/<id>/mentions with a write_mentions token."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.accounts_factories import make_account
from tests.factories import PASSWORD, make_person, make_tree, make_user
from training.api.openapi import openapi_spec
from training.auth.services import AccountError
from training.auth.tokens import READ, WRITE_MENTIONS, issue_token
from training.extensions import db as _db
from training.responses.models import Mention, MentionDay


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def _world():
    tree = make_tree()
    commander = make_user(("commander",), unit=tree["polda_a"])
    account = make_account(tree["polsek_a"], handle="polsek_feed")
    outside = make_account(tree["polres_b"], handle="polres_b_feed")
    _token, secret = issue_token(commander, "pemantau", 30, scopes=(WRITE_MENTIONS,))
    _db.session.commit()
    return tree, commander, account, outside, secret


def _batch(now, *keys, **extra):
    return {
        "items": [
            {
                "id": key,
                "received_at": (now - timedelta(hours=2)).isoformat(),
                "category": "aduan",
                **extra,
            }
            for key in keys
        ]
    }


def _count(model):
    return _db.session.scalar(select(func.count()).select_from(model))


def test_a_batch_is_written_once_and_repeating_it_changes_nothing(client, db):
    _tree, _commander, account, _outside, secret = _world()
    now = datetime.now(UTC)
    body = _batch(now, "a1", "a2", first_response_at=None)
    body["items"][1]["first_response_at"] = (now - timedelta(hours=1)).isoformat()

    first = client.post(
        f"/api/v1/accounts/{account.id}/mentions", json=body, headers=bearer(secret)
    )
    again = client.post(
        f"/api/v1/accounts/{account.id}/mentions", json=body, headers=bearer(secret)
    )

    assert first.status_code == 200
    assert first.get_json() == {"account": account.id, "created": 2, "updated": 0, "unchanged": 0}
    assert again.get_json() == {"account": account.id, "created": 0, "updated": 0, "unchanged": 2}
    assert _count(Mention) == 2
    day = _db.session.scalars(select(MentionDay)).all()
    assert sum(d.mentions for d in day) == 2 and sum(d.answered for d in day) == 1


def test_a_late_answer_updates_the_mention(client, db):
    _tree, _commander, account, _outside, secret = _world()
    now = datetime.now(UTC).replace(microsecond=0)
    url = f"/api/v1/accounts/{account.id}/mentions"
    client.post(url, json=_batch(now, "late"), headers=bearer(secret))
    answered = _batch(now, "late", first_response_at=(now - timedelta(minutes=90)).isoformat())

    response = client.post(url, json=answered, headers=bearer(secret))

    assert response.get_json()["updated"] == 1
    mention = _db.session.scalars(select(Mention)).one()
    assert mention.status == "dijawab" and mention.response_seconds == 30 * 60


def test_a_bad_batch_is_refused_whole_with_errors_per_item(client, db):
    _tree, _commander, account, _outside, secret = _world()
    now = datetime.now(UTC)
    body = _batch(now, "ok", "dup", "dup")
    body["items"][0]["received_at"] = (now + timedelta(days=1)).isoformat()
    body["items"][1]["first_response_at"] = (now - timedelta(days=2)).isoformat()

    response = client.post(
        f"/api/v1/accounts/{account.id}/mentions", json=body, headers=bearer(secret)
    )

    assert response.status_code == 422
    fields = {(e["index"], e["field"]) for e in response.get_json()["errors"]}
    assert fields == {(0, "received_at"), (1, "first_response_at"), (2, "id")}
    assert _count(Mention) == 0


def test_times_without_a_zone_are_read_in_the_units_zone(client, db):
    tree = make_tree()
    commander = make_user(("commander",), unit=tree["polda_b"])
    account = make_account(tree["polsek_b"], handle="wita_feed")  # Asia/Makassar
    _token, secret = issue_token(commander, "pemantau", 30, scopes=(WRITE_MENTIONS,))
    _db.session.commit()
    body = {"items": [{"id": "x", "received_at": "2026-11-03 23:50", "category": "aduan",
                       "first_response_at": "2026-11-04T00:20:00+08:00"}]}  # fmt: skip

    client.post(f"/api/v1/accounts/{account.id}/mentions", json=body, headers=bearer(secret))

    mention = _db.session.scalars(select(Mention)).one()
    assert mention.received_at == datetime(2026, 11, 3, 15, 50, tzinfo=UTC)
    assert mention.response_seconds == 1800


@pytest.mark.parametrize("kind", ["read_token", "session", "outside"])
def test_the_write_scope_is_needed_and_the_account_must_be_in_scope(client, db, kind):
    tree, commander, account, outside, secret = _world()
    now = datetime.now(UTC)
    target = account
    headers = bearer(secret)
    if kind == "read_token":
        _token, read_secret = issue_token(commander, "baca", 30, scopes=(READ,))
        _db.session.commit()
        headers = bearer(read_secret)
    elif kind == "session":
        client.post("/login", data={"username": commander.username, "password": PASSWORD})
        headers = {}
    elif kind == "outside":
        target = outside

    response = client.post(
        f"/api/v1/accounts/{target.id}/mentions", json=_batch(now, "k"), headers=headers
    )

    assert response.status_code == (404 if kind == "outside" else 403)
    assert _count(Mention) == 0


def test_a_write_token_reads_nothing_else(client, db):
    _tree, _commander, _account, _outside, secret = _world()

    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 403


def test_only_a_user_who_may_record_mentions_gets_the_write_scope(db):
    trainer = make_user(("trainer",))
    with pytest.raises(AccountError):
        issue_token(trainer, "pemantau", 30, scopes=(WRITE_MENTIONS,))


def test_admin_grants_the_write_token_from_the_user_page(client, login, db):
    tree = make_tree()
    commander = make_user(
        ("commander",), unit=tree["polres_a"], person=make_person(tree["polres_a"])
    )
    login("admin")

    page = client.post(
        f"/admin/users/{commander.id}/write-token", data={"name": "Posko", "days": "30"}
    )

    assert page.status_code == 200
    assert [t.scopes for t in commander.tokens] == [[WRITE_MENTIONS]]
    assert commander.tokens[0].prefix in page.get_data(as_text=True)


def test_the_feed_is_in_the_openapi_description(db):
    spec = openapi_spec()
    operation = spec["paths"]["/accounts/{account_id}/mentions"]["post"]
    assert set(operation["responses"]) == {"200", "400", "401", "403", "404", "422"}
    assert "MentionBatch" in spec["components"]["schemas"]
