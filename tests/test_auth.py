"""Account rules (services) and login security: throttling, CSRF, cookies, redirects."""

import re
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from tests.conftest import make_app
from tests.factories import PASSWORD, make_person, make_tree, make_unit, make_user
from training.auth.models import User
from training.auth.services import (
    AccountError,
    authenticate,
    change_password,
    check_password_policy,
    create_account,
    generate_password,
    update_account,
)
from training.errors import RuleViolation
from training.extensions import db as _db
from training.security.sessions import SESSION_KEY, fingerprint

GOOD = "Bhayangkara-2026"


@contextmanager
def app_with(**overrides):
    """An app with special settings and its own tables, torn down like conftest's."""
    app = make_app(**overrides)
    with app.app_context():
        _db.create_all()
        try:
            yield app
        finally:
            _db.session.remove()
            _db.drop_all()
            _db.engine.dispose()


def log_in_directly(client, user):
    """Put ``user`` in the session without a login POST (for CSRF-enabled apps)."""
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
        session[SESSION_KEY] = fingerprint(user)


# --- services -------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["ab", "a" * 65, "budi santoso", "budi@polri", "ädmin", ""])
def test_create_account_rejects_badly_formed_usernames(app, username):
    with pytest.raises(AccountError) as caught:
        create_account(username, ["trainer"], GOOD)

    assert caught.value.field == "username"
    assert "3 sampai 64 karakter" in str(caught.value)


def test_create_account_accepts_letters_digits_dots_dashes_underscores(app):
    user = create_account("budi.santoso_01-a", ["trainer"], GOOD)

    assert user.id is not None
    assert user.roles == {"trainer"}


def test_create_account_rejects_a_username_taken_in_another_case(app):
    make_user(username="Budi")

    with pytest.raises(AccountError, match="Nama pengguna budi sudah dipakai"):
        create_account("budi", ["trainer"], GOOD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("pendek123", "minimal 10 karakter"),
        ("budi.santoso", "tidak boleh memuat nama pengguna"),
        ("xxBUDI.SANTOSOxx", "tidak boleh memuat nama pengguna"),
        ("aaaaaaaaaaaa", "satu karakter yang diulang"),
    ],
)
def test_password_policy_refuses_weak_passwords(app, password, message):
    with pytest.raises(AccountError, match=message):
        check_password_policy(password, "budi.santoso")


def test_generated_passwords_satisfy_the_policy(app):
    password = generate_password("abc")

    check_password_policy(password, "abc")
    assert len(password) >= 10


def test_commander_account_needs_a_unit(app):
    with pytest.raises(AccountError, match="komandan wajib memiliki satuan") as caught:
        create_account("kapolres", ["commander"], GOOD)

    assert caught.value.field == "unit_code"


def test_participant_account_needs_a_person(app):
    with pytest.raises(AccountError, match="peserta wajib terhubung ke personel"):
        create_account("peserta1", ["participant"], GOOD)


def test_unknown_unit_code_and_nrp_are_reported_by_value(app):
    with pytest.raises(AccountError, match="Satuan dengan kode X999 tidak ada"):
        create_account("kapolres", ["commander"], GOOD, unit_code="X999")
    with pytest.raises(AccountError, match="NRP/NIP 12345678 tidak ada"):
        create_account("peserta1", ["participant"], GOOD, person_nrp="12345678")


def test_unknown_and_missing_roles_are_refused(app):
    with pytest.raises(AccountError, match="Peran tidak dikenal: superuser"):
        create_account("budi", ["trainer", "superuser"], GOOD)
    with pytest.raises(AccountError, match="Pilih minimal satu peran"):
        create_account("budi", [], GOOD)


def test_a_person_links_to_at_most_one_account(app):
    person = make_person()
    make_user(username="pemilik", person=person)

    with pytest.raises(AccountError, match=f"{person.nrp} sudah terhubung ke akun pemilik"):
        create_account("kedua", ["participant"], GOOD, person_nrp=person.nrp)


def test_create_account_links_unit_and_person_with_several_roles(app):
    tree = make_tree()
    person = make_person(tree["polres_a"], position="kapolres", rank="AKBP")

    user = create_account(
        "kapolres.a",
        ["commander", "participant"],
        GOOD,
        unit_code=tree["polres_a"].code.lower(),
        person_nrp=person.nrp,
    )

    assert user.roles == {"commander", "participant"}
    assert user.unit is tree["polres_a"]
    assert user.person is person
    assert user.check_password(GOOD)


def test_admin_cannot_remove_their_own_admin_role(app):
    admin = make_user(roles=("admin",))
    kw = {"unit_code": "", "person_nrp": "", "is_active": True, "locale": "id"}

    with pytest.raises(AccountError, match="mencabut peran admin dari akun sendiri"):
        update_account(admin, actor=admin, roles=["trainer"], **kw)

    assert admin.roles == {"admin"}


def test_admin_cannot_deactivate_themselves(app):
    admin = make_user(roles=("admin",))

    with pytest.raises(AccountError, match="menonaktifkan akun sendiri"):
        update_account(
            admin, actor=admin, roles=["admin"], unit_code="", person_nrp="",
            is_active=False, locale="id",
        )  # fmt: skip

    assert admin.is_active is True


def test_admin_may_remove_another_admins_role(app):
    admin, other = make_user(roles=("admin",)), make_user(roles=("admin",))

    update_account(
        other, actor=admin, roles=["trainer"], unit_code="", person_nrp="",
        is_active=False, locale="en",
    )  # fmt: skip

    assert (other.roles, other.is_active, other.locale) == ({"trainer"}, False, "en")


def test_change_password_applies_the_policy(app):
    user = make_user(username="siti")

    with pytest.raises(AccountError, match="minimal 10 karakter"):
        change_password(user, PASSWORD, "pendek")
    with pytest.raises(AccountError, match="Kata sandi sekarang salah"):
        change_password(user, "salah-sekali-123", GOOD)
    change_password(user, PASSWORD, GOOD)

    assert user.check_password(GOOD)


def test_authenticate_ignores_case_and_records_the_login_time(app):
    make_user(username="Budi.Santoso")
    moment = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)

    user = authenticate("  budi.SANTOSO ", PASSWORD, now=moment)

    assert user.last_login_at == moment


def test_authenticate_refuses_inactive_users_with_the_generic_message(app):
    make_user(username="nonaktif", is_active=False)

    with pytest.raises(RuleViolation, match="Nama pengguna atau kata sandi salah"):
        authenticate("nonaktif", PASSWORD)


# --- login and logout over HTTP ---------------------------------------------------------


def test_login_by_username_is_case_insensitive(client, db):
    make_user(username="kapolsek.cilandak")
    db.session.commit()

    response = client.post("/login", data={"username": "KAPOLSEK.Cilandak", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/profile").status_code == 200


def test_wrong_password_keeps_the_typed_username_and_shows_an_indonesian_error(client, db):
    make_user(username="budi")
    db.session.commit()

    response = client.post("/login", data={"username": "budi", "password": "keliru-sekali"})

    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.text
    assert 'value="budi"' in response.text


def test_inactive_users_cannot_log_in(client, db):
    make_user(username="pensiun", is_active=False)
    db.session.commit()

    response = client.post("/login", data={"username": "pensiun", "password": PASSWORD})

    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.text
    assert client.get("/profile").status_code == 302


def test_a_deactivated_user_loses_their_session(client, db, login):
    user = login("trainer")
    user.is_active = False
    db.session.commit()

    response = client.get("/profile")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_login_ignores_next_targets_off_this_site(client, db, target):
    make_user(username="budi")
    db.session.commit()

    response = client.post(
        "/login", query_string={"next": target}, data={"username": "budi", "password": PASSWORD}
    )

    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next_target(client, db):
    make_user(username="budi")
    db.session.commit()

    response = client.post(
        "/login?next=/profile%3Ftab%3Dtoken", data={"username": "budi", "password": PASSWORD}
    )

    assert response.headers["Location"] == "/profile?tab=token"


def test_protected_pages_send_anonymous_users_to_login_with_a_local_next(client):
    response = client.get("/profile")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fprofile"


def test_logout_by_get_is_not_allowed(client, login):
    login("trainer")

    response = client.get("/logout")

    assert response.status_code == 405
    assert "Metode tidak diizinkan" in response.text
    assert client.get("/profile").status_code == 200


def test_logout_by_post_ends_the_session(client, login):
    login("trainer")

    response = client.post("/logout")

    assert response.headers["Location"] == "/login"
    assert client.get("/profile").status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(client, db):
    make_user(username="budi")
    db.session.commit()

    response = client.post("/login", data={"username": "budi", "password": PASSWORD})

    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_when_configured():
    with app_with(SESSION_COOKIE_SECURE=True) as app:
        make_user(username="budi")
        _db.session.commit()

        response = app.test_client().post("/login", data={"username": "budi", "password": PASSWORD})

    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie


def test_the_eleventh_login_attempt_within_a_minute_is_throttled():
    with app_with(RATELIMIT_ENABLED=True) as app:
        make_user(username="budi")
        _db.session.commit()
        client = app.test_client()
        wrong = {"username": "budi", "password": "keliru-sekali"}

        codes = [client.post("/login", data=wrong).status_code for _ in range(10)]
        response = client.post("/login", data={"username": "budi", "password": PASSWORD})
        page = client.get("/login")

    assert codes == [200] * 10
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.text
    assert "Tunggu sebentar lalu coba lagi." in response.text
    assert page.status_code == 200  # only POSTs are counted


def test_posts_without_a_csrf_token_are_refused_and_change_nothing():
    with app_with(WTF_CSRF_ENABLED=True) as app:
        user = make_user(username="budi", roles=("admin",))
        _db.session.commit()
        client = app.test_client()

        anonymous_login = client.post("/login", data={"username": "budi", "password": PASSWORD})
        log_in_directly(client, user)
        posts = {
            "/logout": {},
            "/profile/language": {"locale": "en"},
            "/profile/tokens": {"name": "skrip", "days": "30"},
            "/admin/users/new": {"username": "baru", "roles": "trainer", "password": GOOD},
        }
        responses = {url: client.post(url, data=data) for url, data in posts.items()}
        still_logged_in = client.get("/profile").status_code
        _db.session.expire_all()
        saved = _db.session.get(User, user.id)

        assert anonymous_login.status_code == 400
        assert "token keamanan CSRF tidak valid" in anonymous_login.text
        assert {url: r.status_code for url, r in responses.items()} == dict.fromkeys(posts, 400)
        assert all("Muat ulang halaman" in r.text for r in responses.values())
        assert still_logged_in == 200
        assert saved.locale == "id"
        assert saved.tokens == []
        assert _db.session.query(User).count() == 1


def test_login_form_carries_a_csrf_token_that_works():
    with app_with(WTF_CSRF_ENABLED=True) as app:
        make_user(username="budi")
        _db.session.commit()
        client = app.test_client()

        page = client.get("/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(
            "/login", data={"username": "budi", "password": PASSWORD, "csrf_token": token}
        )

    assert response.status_code == 302


def test_units_of_the_tree_are_found_by_code_for_commanders(app):
    polres = make_unit(make_unit(make_unit()))

    user = create_account("kapolres", ["commander"], GOOD, unit_code=polres.code)

    assert user.unit_id == polres.id
