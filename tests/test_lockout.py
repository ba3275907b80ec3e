"""Account lockout: five failed sign-ins lock an account for fifteen minutes, in the
database (so every app process agrees); one generic message whatever went wrong."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import TEST_DATABASE_URL, make_app
from tests.factories import PASSWORD, make_user
from training.audit.models import AuditEntry
from training.auth.lockout import LockoutPolicy, is_locked
from training.auth.models import User
from training.auth.services import authenticate
from training.errors import RuleViolation
from training.extensions import db as _db

NOW = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
WRONG = "bukan-sandinya-1"
GENERIC = (
    "Nama pengguna atau kata sandi salah. Setelah 5 kali gagal berturut-turut, "
    "akun dikunci 15 menit."
)


def sign_in(client, username, password):
    return client.post("/login", data={"username": username, "password": password})


def alert(response) -> str:
    """The text of the page's danger alert (the login error)."""
    match = re.search(r"alert-danger[^>]*>\s*(.*?)\s*<button", response.text, re.S)
    return match.group(1) if match else ""


def fail(username, times, now=NOW):
    for _ in range(times):
        with pytest.raises(RuleViolation):
            authenticate(username, WRONG, now=now)


# --- the service, with a pinned clock -------------------------------------------------------


def test_five_failures_lock_the_account_for_fifteen_minutes(app, db):
    user = make_user(username="budi")

    fail("budi", 4)
    assert (user.failed_logins, user.locked_until) == (4, None)
    fail("budi", 1)

    assert user.locked_until == NOW + timedelta(minutes=15)
    assert user.failed_logins == 0  # the next round of tries starts after the lock
    assert is_locked(user, NOW + timedelta(minutes=14, seconds=59))
    assert not is_locked(user, NOW + timedelta(minutes=15))


def test_a_locked_account_refuses_even_the_right_password_until_the_lock_ends(app, db):
    make_user(username="budi")
    fail("budi", 5)

    with pytest.raises(RuleViolation, match="Nama pengguna atau kata sandi salah"):
        authenticate("budi", PASSWORD, now=NOW + timedelta(minutes=14))
    user = authenticate("budi", PASSWORD, now=NOW + timedelta(minutes=15))

    assert user.locked_until is None and user.failed_logins == 0


def test_attempts_during_the_lock_neither_count_nor_extend_it(app, db):
    user = make_user(username="budi")
    fail("budi", 5)

    fail("budi", 10, now=NOW + timedelta(minutes=5))

    assert user.locked_until == NOW + timedelta(minutes=15)
    assert user.failed_logins == 0


def test_a_success_resets_the_count(app, db):
    user = make_user(username="budi")
    fail("budi", 4)

    authenticate("budi", PASSWORD, now=NOW)
    fail("budi", 4)

    assert user.failed_logins == 4 and user.locked_until is None


def test_the_policy_comes_from_the_configuration(app, db):
    app.config.update(LOGIN_LOCKOUT_ATTEMPTS=3, LOGIN_LOCKOUT_MINUTES=2)
    policy = LockoutPolicy.from_config(app.config)
    user = make_user(username="budi")

    for _ in range(3):
        with pytest.raises(RuleViolation, match="Setelah 3 kali gagal .* dikunci 2 menit"):
            authenticate("budi", WRONG, now=NOW, policy=policy)

    assert user.locked_until == NOW + timedelta(minutes=2)


def test_unknown_usernames_lock_nothing_and_inactive_accounts_do_not_count(app, db):
    idle = make_user(username="pensiun", is_active=False)

    fail("tidak.ada", 6)
    fail("pensiun", 6)
    with pytest.raises(RuleViolation):
        authenticate("pensiun", PASSWORD, now=NOW)

    assert idle.failed_logins == 0 and idle.locked_until is None
    assert db.session.scalar(select(User).where(User.username == "tidak.ada")) is None


# --- over HTTP ------------------------------------------------------------------------------


def test_unknown_user_wrong_password_and_locked_account_get_the_same_page(client, db):
    make_user(username="budi")
    make_user(username="siti")
    db.session.commit()

    unknown = sign_in(client, "tidak.ada", WRONG)
    wrong = sign_in(client, "budi", WRONG)
    for _ in range(5):
        sign_in(client, "siti", WRONG)
    locked = sign_in(client, "siti", PASSWORD)

    assert [r.status_code for r in (unknown, wrong, locked)] == [200, 200, 200]
    assert alert(unknown) == alert(wrong) == alert(locked) == GENERIC
    assert client.get("/profile").status_code == 302


def test_sixth_attempt_with_the_right_password_is_refused_and_the_lock_is_in_the_database(
    client, db
):
    make_user(username="budi")
    db.session.commit()

    codes = [sign_in(client, "budi", WRONG).status_code for _ in range(5)]
    refused = sign_in(client, "budi", PASSWORD)
    db.session.expire_all()
    locked_until = db.session.scalar(select(User.locked_until).where(User.username == "budi"))

    assert codes == [200] * 5
    assert refused.status_code == 200 and alert(refused) == GENERIC
    now = datetime.now(UTC)
    assert now + timedelta(minutes=14) < locked_until <= now + timedelta(minutes=15)


def test_a_successful_sign_in_resets_the_count_over_http(client, db):
    make_user(username="budi")
    db.session.commit()

    for _ in range(4):
        sign_in(client, "budi", WRONG)
    ok = sign_in(client, "budi", PASSWORD)
    db.session.expire_all()

    assert ok.status_code == 302
    assert db.session.scalar(select(User.failed_logins).where(User.username == "budi")) == 0


def test_admin_sees_the_lock_and_unlocks_the_account(app, db):
    target = make_user(username="budi")
    make_user(username="adm", roles=("admin",))
    db.session.commit()
    user_client, admin_client = app.test_client(), app.test_client()
    for _ in range(5):
        sign_in(user_client, "budi", WRONG)
    sign_in(admin_client, "adm", PASSWORD)

    page = admin_client.get(f"/admin/users/{target.id}/edit").text
    listing = admin_client.get("/admin/users?q=budi").text
    response = admin_client.post(f"/admin/users/{target.id}/unlock")
    after = admin_client.get(f"/admin/users/{target.id}/edit").text
    signed_in = sign_in(user_client, "budi", PASSWORD)

    assert "Akun dikunci sampai" in page and "Buka kunci akun" in page
    assert f'action="/admin/users/{target.id}/unlock"' in page
    assert "Terkunci" in listing
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{target.id}/edit"
    assert "Tidak dikunci." in after and "Buka kunci akun" not in after
    assert signed_in.status_code == 302


def test_failed_count_shows_on_the_edit_page_and_can_be_cleared(client, login, db):
    login("admin")
    target = make_user(username="budi", failed_logins=2)
    db.session.commit()

    page = client.get(f"/admin/users/{target.id}/edit").text
    client.post(f"/admin/users/{target.id}/unlock")
    db.session.refresh(target)

    assert "2 kali gagal masuk" in page
    assert target.failed_logins == 0


def test_only_admins_unlock(client, login, db):
    login("trainer")
    target = make_user(username="budi", locked_until=datetime.now(UTC) + timedelta(minutes=9))
    db.session.commit()

    response = client.post(f"/admin/users/{target.id}/unlock")
    db.session.refresh(target)

    assert response.status_code == 403
    assert target.locked_until is not None


def test_admin_password_reset_lifts_the_lock(client, login, db):
    login("admin")
    target = make_user(username="budi", locked_until=datetime.now(UTC) + timedelta(minutes=9))
    db.session.commit()

    client.post(f"/admin/users/{target.id}/password", data={"new_password": "Sandi-Baru-2026"})
    db.session.refresh(target)

    assert target.locked_until is None and target.check_password("Sandi-Baru-2026")


def test_two_app_processes_share_the_count_through_the_database(tmp_path):
    """Two app instances on one database: failures through either add up to one lock."""
    url = TEST_DATABASE_URL
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    first, second = make_app(SQLALCHEMY_DATABASE_URI=url), make_app(SQLALCHEMY_DATABASE_URI=url)
    with first.app_context():
        _db.create_all()
        make_user(username="budi")
        _db.session.commit()
    try:
        clients = [first.test_client(), second.test_client()]
        for n in range(5):
            sign_in(clients[n % 2], "budi", WRONG)
        refused = [sign_in(c, "budi", PASSWORD) for c in clients]
    finally:
        with first.app_context():
            locked_until = _db.session.scalar(
                select(User.locked_until).where(User.username == "budi")
            )
            _db.session.remove()
            _db.drop_all()
            _db.engine.dispose()
        with second.app_context():
            _db.engine.dispose()

    assert [r.status_code for r in refused] == [200, 200]
    assert all(alert(r) == GENERIC for r in refused)
    assert locked_until is not None


@pytest.mark.skipif(
    TEST_DATABASE_URL.startswith("sqlite"), reason="concurrent writers need PostgreSQL"
)
def test_concurrent_failures_count_exactly_to_the_limit(app, db):
    """Eight wrong passwords at once: five are counted (the fifth locks), the rest find
    the account locked, whatever the interleaving."""
    make_user(username="budi")
    db.session.commit()
    barrier = threading.Barrier(8)

    def attempt():
        client = app.test_client()
        barrier.wait()
        return sign_in(client, "budi", WRONG).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda _: attempt(), range(8)))
    db.session.expire_all()
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "login")
    ).all()
    user = db.session.scalar(select(User).where(User.username == "budi"))

    assert codes == [200] * 8
    assert sorted(actions) == ["failure"] * 4 + ["locked"] * 4
    assert user.locked_until is not None and user.failed_logins == 0
