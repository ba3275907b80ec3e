"""The main menu comes from a cache per account, language and unread count: it must be the
menu a fresh rendering gives, for every kind of account, and follow a change at once."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, make_person, make_tree, make_user
from training.auth.models import User
from training.extensions import db
from training.notifications.models import Notification

NAV = re.compile(r'<nav class="navbar.*?</nav>', re.S)
TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')


def _browser(app, username):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _menu(client, path="/") -> str:
    page = client.get(path)
    assert page.status_code == 200
    return NAV.search(page.text).group(0)


def _fresh_menu(app, client, path="/") -> str:
    app.extensions["presisi_nav_cache"].clear()
    return _menu(client, path)


@pytest.fixture
def accounts(db):
    tree = make_tree()
    kapolda = make_person(tree["polda_a"], position="kapolda", nrp="82000001")
    operator = make_person(tree["polsek_b"], position="operator_medsos", nrp="82000002")
    make_user(username="adm", roles=("admin",))
    make_user(username="pelatih_pusat", roles=("trainer",))
    make_user(username="pelatih_polda", roles=("trainer",), unit=tree["polda_b"])
    make_user(username="kapolda", roles=("commander", "participant"), unit=tree["polda_a"],
              person=kapolda)  # fmt: skip
    make_user(username="peserta", roles=("participant",), person=operator)
    db.session.commit()
    return tree


@pytest.mark.parametrize(
    "username", ["adm", "pelatih_pusat", "pelatih_polda", "kapolda", "peserta", None]
)
@pytest.mark.parametrize("locale", ["id", "en"])
def test_the_cached_menu_is_the_freshly_rendered_one(app, accounts, username, locale):
    client = _browser(app, username) if username else app.test_client()
    if locale == "en":
        client.post("/lang", data={"lang": "en", "next": "/"})
    paths = ("/", "/profile") if username else ("/login", "/login")
    fresh = _fresh_menu(app, client, paths[0])
    cached = [_menu(client, path) for path in paths]

    assert all(TOKEN.sub("", menu) == TOKEN.sub("", fresh) for menu in cached)
    assert ("Log out" if locale == "en" else "Keluar") in fresh if username else True
    if username:  # the sign-out form carries the request's own token, never the marker
        assert "zqxcsrfmark" not in "".join(cached) and TOKEN.search(cached[-1])


def test_the_menu_follows_a_new_role_a_notification_and_the_language(app, accounts):
    client = _browser(app, "peserta")
    before = _menu(client)
    user = db.session.scalar(select(User).where(User.username == "peserta"))
    user.set_roles(("participant", "admin"))
    db.session.add(
        Notification(
            user_id=user.id, kind="enrolled", title="Terdaftar", created_at=datetime.now(UTC)
        )
    )
    db.session.commit()

    after = _menu(client)
    client.post("/lang", data={"lang": "en", "next": "/"})
    english = _menu(client)

    assert "Akun pengguna" not in before and "Akun pengguna" in after
    assert 'data-testid="unread-count">1<' in after.replace(" ", "").replace("\n", "")
    assert "Keluar" in after and "Log out" in english
