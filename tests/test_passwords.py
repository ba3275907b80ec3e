"""Password policy: length, not only digits, not the username, not a common password;
applied to the own password change, admin create and reset, and the create-user command."""

import pytest

from tests.factories import PASSWORD, make_user
from training.auth.models import User
from training.auth.services import AccountError, check_password_policy, create_account
from training.demo.accounts import DEFAULT_PASSWORD
from training.security.passwords import (
    COMMON_PASSWORDS,
    MIN_LENGTH,
    PasswordPolicyError,
    check_password,
    password_problem,
)

GOOD = "Bhayangkara-2026"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Pendek-12", "Kata sandi minimal 10 karakter."),
        ("", "Kata sandi minimal 10 karakter."),
        ("12345678901", "Kata sandi tidak boleh hanya berisi angka."),
        ("0812345678901", "Kata sandi tidak boleh hanya berisi angka."),
        ("zzzzzzzzzzzz", "Kata sandi tidak boleh berisi satu karakter yang diulang."),
        ("Siti.Rahma-2026", "Kata sandi tidak boleh memuat nama pengguna."),
        ("xxsiti.rahmaxx", "Kata sandi tidak boleh memuat nama pengguna."),
        ("rahasia123", "Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain."),
        ("Polri12345", "Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain."),
        ("PASSWORD123", "Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain."),
        ("x" * 150 + "y" * 51, "Kata sandi paling panjang 200 karakter."),
    ],
)
def test_policy_names_the_first_rule_a_password_breaks(app, password, message):
    assert password_problem(password, "siti.rahma") == message
    with pytest.raises(PasswordPolicyError, match=message.replace(".", r"\.")):
        check_password(password, "siti.rahma")


@pytest.mark.parametrize("password", [GOOD, PASSWORD, "kopi tubruk pagi", "12345-abcde"])
def test_policy_accepts_reasonable_passwords(app, password):
    assert password_problem(password, "siti.rahma") is None


def test_common_list_holds_indonesian_favourites_and_is_compared_case_insensitively(app):
    assert {"rahasia123", "polri12345", "bismillah123", "merdeka1945"} <= COMMON_PASSWORDS
    assert len(COMMON_PASSWORDS) >= 36
    assert all(p == p.lower() for p in COMMON_PASSWORDS)
    assert password_problem("RaHaSiA123") is not None


def test_demo_password_is_refused_when_chosen_but_still_signs_the_demo_in(app, client, db):
    """The published demo password is long enough but too well known to be chosen."""
    assert len(DEFAULT_PASSWORD) > MIN_LENGTH
    assert "terlalu umum" in password_problem(DEFAULT_PASSWORD, "admin")
    # the demo seeding sets it directly (bypassing the policy), and sign-in does not check it
    user = User(username="demo.admin", password_hash="")
    user.set_password(DEFAULT_PASSWORD)
    user.set_roles(["admin"])
    db.session.add(user)
    db.session.commit()

    response = client.post("/login", data={"username": "demo.admin", "password": DEFAULT_PASSWORD})

    assert response.status_code == 302


def test_account_services_blame_the_field(app):
    with pytest.raises(AccountError) as caught:
        check_password_policy("1234567890", "budi", field="new")
    assert caught.value.field == "new"
    with pytest.raises(AccountError, match="terlalu umum") as caught:
        create_account("budi", ["trainer"], "rahasia123")
    assert caught.value.field == "password"


def test_own_password_change_refuses_a_common_password_and_keeps_the_old(client, login, db):
    user = login("trainer")

    response = client.post(
        "/password", data={"current": PASSWORD, "new": "polri12345", "confirm": "polri12345"}
    )

    assert response.status_code == 200
    assert "Kata sandi ini terlalu umum dan mudah ditebak." in response.text
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_own_password_change_refuses_digits_only(client, login, db):
    user = login("trainer")

    response = client.post(
        "/password", data={"current": PASSWORD, "new": "9876543210", "confirm": "9876543210"}
    )

    assert "Kata sandi tidak boleh hanya berisi angka." in response.text
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_password_page_explains_the_rules_and_marks_autocomplete(client, login):
    login("trainer")

    html = client.get("/password").text

    assert "bukan hanya angka" in html and "bukan kata sandi umum" in html
    assert 'autocomplete="new-password"' in html and 'autocomplete="current-password"' in html


def test_admin_create_refuses_a_common_password_keeping_what_was_typed(client, login, db):
    login("admin")

    response = client.post(
        "/admin/users/new",
        data={"username": "kapolsek.baru", "roles": ["trainer"], "password": "rahasia123"},
    )

    assert response.status_code == 200
    assert "Kata sandi ini terlalu umum" in response.text
    assert 'value="kapolsek.baru"' in response.text
    assert db.session.query(User).filter_by(username="kapolsek.baru").count() == 0


def test_admin_reset_refuses_digits_only(client, login, db):
    login("admin")
    target = make_user(username="lupa.sandi")
    db.session.commit()

    response = client.post(
        f"/admin/users/{target.id}/password", data={"new_password": "1234567890"}
    )

    assert "Kata sandi tidak boleh hanya berisi angka." in response.text
    db.session.refresh(target)
    assert target.check_password(PASSWORD)


def test_create_user_command_refuses_a_common_password(app, db):
    result = app.test_cli_runner().invoke(
        args=["create-user", "pelatih.baru", "--role", "trainer", "--password", "bismillah123"]
    )

    assert result.exit_code != 0
    assert "Kata sandi ini terlalu umum" in result.output
    assert db.session.query(User).filter_by(username="pelatih.baru").count() == 0
