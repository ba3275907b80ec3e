"""flask create-user and flask create-token."""

import hashlib
import re

import pytest

from tests.factories import make_person, make_tree, make_user
from training.auth import cli as auth_cli
from training.auth.models import ApiToken, User

GOOD = "Bhayangkara-2026"


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def account(db, username):
    db.session.expire_all()
    return db.session.query(User).filter_by(username=username).one_or_none()


def test_create_user_with_several_roles_unit_person_and_password(runner, db):
    tree = make_tree()
    person = make_person(tree["polres_a"])
    db.session.commit()

    result = runner.invoke(
        args=[
            "create-user", "kapolres.a", "--role", "commander", "--role", "participant",
            "--unit", tree["polres_a"].code, "--person", person.nrp, "--password", GOOD,
        ]
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "Akun kapolres.a dibuat dengan peran commander, participant." in result.output
    user = account(db, "kapolres.a")
    assert (user.unit_id, user.person_id) == (tree["polres_a"].id, person.id)
    assert user.check_password(GOOD)


def test_create_user_without_password_generates_and_prints_one(runner, db):
    result = runner.invoke(args=["create-user", "admin.pusat", "--role", "admin"])

    assert result.exit_code == 0, result.output
    password = re.search(r"Kata sandi awal: (\S+)", result.output).group(1)
    assert account(db, "admin.pusat").check_password(password)


def test_create_user_prompts_twice_for_the_password_on_a_terminal(runner, db, monkeypatch):
    monkeypatch.setattr(auth_cli, "stdin_is_tty", lambda: True)

    result = runner.invoke(
        args=["create-user", "pelatih", "--role", "trainer"],
        input=f"pendek\npendek\n{GOOD}\n{GOOD}\n",
    )

    assert result.exit_code == 0, result.output
    assert "Kata sandi minimal 10 karakter." in result.output
    assert "Kata sandi awal" not in result.output
    assert account(db, "pelatih").check_password(GOOD)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--role", "commander", "--unit", "X999"], "Satuan dengan kode X999 tidak ada."),
        (["--role", "participant", "--person", "11112222"], "NRP/NIP 11112222 tidak ada."),
        (["--role", "raja"], "Peran tidak dikenal: raja."),
        (["--role", "commander"], "Akun komandan wajib memiliki satuan."),
        (["--role", "trainer", "--password", "pendek"], "Kata sandi minimal 10 karakter."),
    ],
)
def test_create_user_errors_are_clear_and_exit_with_1(runner, db, extra, message):
    result = runner.invoke(args=["create-user", "budi", *extra])

    assert result.exit_code == 1
    assert message in result.output
    assert account(db, "budi") is None


def test_create_user_refuses_a_duplicate_username(runner, db):
    make_user(username="Budi")
    db.session.commit()

    result = runner.invoke(args=["create-user", "budi", "--role", "trainer"])

    assert result.exit_code == 1
    assert "Nama pengguna budi sudah dipakai." in result.output


def test_create_user_needs_a_role(runner):
    result = runner.invoke(args=["create-user", "budi"])

    assert result.exit_code != 0
    assert "--role" in result.output


def test_create_token_prints_the_secret_once(runner, db):
    user = make_user(username="integrasi")
    db.session.commit()

    result = runner.invoke(args=["create-token", "INTEGRASI", "--name", "Dasbor", "--days", "7"])

    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    token = db.session.query(ApiToken).filter_by(user_id=user.id).one()
    assert token.name == "Dasbor"
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert (token.expires_at - token.created_at).days == 7


def test_create_token_write_mentions_only_for_who_may_record_mentions(runner, db):
    make_user(("commander",), username="posko")
    make_user(("trainer",), username="pelatih")
    db.session.commit()

    granted = runner.invoke(args=["create-token", "posko", "--write-mentions"])
    refused = runner.invoke(args=["create-token", "pelatih", "--write-mentions"])

    assert (granted.exit_code, refused.exit_code) == (0, 1)
    assert [t.scopes for t in db.session.query(ApiToken)] == [["write_mentions"]]


def test_create_token_for_unknown_or_inactive_users_fails(runner, db):
    make_user(username="pensiun", is_active=False)
    db.session.commit()

    unknown = runner.invoke(args=["create-token", "siapa"])
    inactive = runner.invoke(args=["create-token", "pensiun"])

    assert (unknown.exit_code, inactive.exit_code) == (1, 1)
    assert "Akun siapa tidak ada." in unknown.output
    assert "Akun pensiun nonaktif." in inactive.output
    assert db.session.query(ApiToken).count() == 0


def test_create_token_rejects_validity_beyond_a_year(runner, db):
    make_user(username="integrasi")
    db.session.commit()

    result = runner.invoke(args=["create-token", "integrasi", "--days", "400"])

    assert result.exit_code == 1
    assert "Masa berlaku token 1 sampai 365 hari." in result.output
