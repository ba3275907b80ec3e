"""Response breaches tell the commander of the unit and of the unit above, once a local day
per unit, as each chose; the link opens the breach list only inside the reader's scope."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.accounts_factories import make_account
from tests.factories import PASSWORD, make_person, make_tree, make_unit, make_user
from tests.responses_factories import NOW, make_mention
from training.certificates.models import OutboxMessage
from training.extensions import db
from training.notifications.breaches import notify_breaches
from training.notifications.models import BreachNotice, Notification
from training.notifications.services import save_preferences

LIMIT = 3


@pytest.fixture
def world(app, db):
    app.config["RESPONSE_BREACH_NOTIFY_COUNT"] = LIMIT
    tree = make_tree()
    tree["polsek_c"] = make_unit(tree["polres_a"])
    kapolsek = make_person(tree["polsek_a"], position="kapolsek", email="kapolsek@polri.go.id")
    kapolres = make_person(tree["polres_a"], position="kapolres", email="kapolres@polri.go.id")
    users = {
        "kapolsek": make_user(("commander",), person=kapolsek, unit=tree["polsek_a"]),
        "kapolres": make_user(("commander",), person=kapolres, unit=tree["polres_a"]),
        "kapolda": make_user(("commander",), unit=tree["polda_a"]),
        "sibling": make_user(("commander",), unit=tree["polsek_c"]),
        "far": make_user(("commander",), unit=tree["polsek_b"]),
    }
    accounts = {
        "polsek_a": make_account(tree["polsek_a"], handle="polsek_a_ig"),
        "polsek_a_x": make_account(tree["polsek_a"], handle="polsek_a_x", platform="x"),
        "polsek_b": make_account(tree["polsek_b"], handle="polsek_b_ig"),
    }
    return tree, users, accounts


def _open_complaints(account, count, now=NOW):
    """``count`` complaints received 3 hours before ``now``, still open (the aduan target is
    60 minutes: they are all past it)."""
    for _n in range(count):
        make_mention(account, now - timedelta(hours=3), category="aduan", now=now)


def _told(kind="response_breach"):
    rows = db.session.scalars(
        select(Notification).where(Notification.kind == kind).order_by(Notification.user_id)
    )
    return [(n.user_id, n.title) for n in rows]


def test_over_the_limit_tells_the_units_commander_and_the_one_above_once(world):
    tree, users, accounts = world
    _open_complaints(accounts["polsek_a"], 2)
    _open_complaints(accounts["polsek_a_x"], 2)  # 4 on the unit's accounts: over 3
    _open_complaints(accounts["polsek_b"], 3)  # 3: not over
    make_mention(accounts["polsek_b"], NOW - timedelta(minutes=20))  # open, not yet late

    told = notify_breaches(NOW)

    title = f"Mention lewat batas: {tree['polsek_a'].name}"
    assert told == 2
    assert _told() == [(users["kapolsek"].id, title), (users["kapolres"].id, title)]
    note = db.session.scalar(select(Notification).where(Notification.kind == "response_breach"))
    assert note.link == f"/responses/units/{tree['polsek_a'].code}/breaches"
    assert "4 mention di akun resmi" in note.body
    mails = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.recipient)).all()
    assert [(m.recipient, m.kind, m.subject) for m in mails] == [
        ("kapolres@polri.go.id", "notify_response_breach", title),
        ("kapolsek@polri.go.id", "notify_response_breach", title),
    ]
    (claim,) = db.session.scalars(select(BreachNotice)).all()
    assert (claim.unit_id, claim.day.isoformat(), claim.breaches) == (
        tree["polsek_a"].id, "2026-12-05", 4)  # fmt: skip


def test_a_second_run_the_same_day_tells_nobody_and_the_next_day_again(world):
    _tree, users, accounts = world
    _open_complaints(accounts["polsek_a"], 4)
    assert notify_breaches(NOW) == 2
    db.session.commit()

    assert notify_breaches(NOW + timedelta(hours=1)) == 0
    assert notify_breaches(NOW + timedelta(hours=4)) == 0  # 23:00 WIB: still 5 December
    assert len(_told()) == 2

    assert notify_breaches(NOW + timedelta(hours=13)) == 2  # 6 December 08:00 WIB
    assert [uid for uid, _title in _told()] == sorted([users["kapolsek"].id] * 2
                                                      + [users["kapolres"].id] * 2)  # fmt: skip


def test_under_the_limit_or_answered_tells_nobody(world):
    _tree, _users, accounts = world
    _open_complaints(accounts["polsek_a"], LIMIT)
    for _n in range(3):  # answered late: a slow answer, no longer an open breach
        make_mention(accounts["polsek_a"], NOW - timedelta(hours=5), minutes=200)

    assert notify_breaches(NOW) == 0
    assert _told() == [] and db.session.scalars(select(BreachNotice)).all() == []


def test_a_commander_who_turned_the_kind_off_is_not_told(world):
    _tree, users, accounts = world
    save_preferences(users["kapolres"].id, {"response_breach": (False, False)})
    save_preferences(users["kapolsek"].id, {"response_breach": (True, False)})
    _open_complaints(accounts["polsek_a"], 4)

    assert notify_breaches(NOW) == 1
    assert [uid for uid, _title in _told()] == [users["kapolsek"].id]
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_the_link_opens_the_breach_list_inside_the_readers_scope(world, client):
    tree, users, accounts = world
    _open_complaints(accounts["polsek_a"], 4)
    notify_breaches(NOW)
    db.session.commit()
    link = db.session.scalar(
        select(Notification.link).where(Notification.kind == "response_breach")
    )

    seen = {}
    for name in ("kapolsek", "kapolres", "kapolda", "sibling", "far"):
        client.post("/logout")
        client.post("/login", data={"username": users[name].username, "password": PASSWORD})
        seen[name] = client.get(link).status_code

    assert seen == {"kapolsek": 200, "kapolres": 200, "kapolda": 200, "sibling": 404, "far": 404}


def test_the_cli_tells_the_commanders(world, app):
    _tree, _users, accounts = world
    _open_complaints(accounts["polsek_a"], 4, now=datetime.now(UTC))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["notifications", "breaches"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2 komandan diberi tahu."
