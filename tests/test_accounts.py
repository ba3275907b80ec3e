"""Account services: validation per field (Indonesian messages), create/update, history."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.accounts_factories import TODAY, make_account
from tests.factories import make_tree, make_user
from training.accounts.models import SocialAccount, SocialAccountChange
from training.accounts.services import AccountInvalid, create_account, update_account
from training.errors import RuleViolation

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


@pytest.fixture
def tree(db):
    return make_tree()


def _errors(unit, **values) -> dict[str, str]:
    values = {"platform": "instagram", "handle": "sah", "today": TODAY, **values}
    with pytest.raises(AccountInvalid) as info:
        create_account(unit, **values)
    return info.value.errors


def test_create_stores_handle_lower_case_without_at_and_records_every_field(db, tree):
    admin = make_user(roles=("admin",))

    account = create_account(
        tree["polres_a"],
        platform="instagram",
        handle="  @PolresMalang ",
        url="https://www.instagram.com/polresmalang/",
        verified=True,
        verified_on=date(2024, 5, 17),
        evidence_note="Tangkapan layar di arsip Humas",
        user=admin,
        now=NOW,
        today=TODAY,
    )

    assert (account.handle, account.status, account.created_at) == ("polresmalang", "active", NOW)
    [change] = account.changes
    assert (change.action, change.user, change.at) == ("create", admin, NOW)
    assert change.changes == {
        "unit": [None, tree["polres_a"].code],
        "platform": [None, "instagram"],
        "handle": [None, "polresmalang"],
        "url": [None, "https://www.instagram.com/polresmalang/"],
        "verified": [None, True],
        "verified_on": [None, "2024-05-17"],
        "evidence_note": [None, "Tangkapan layar di arsip Humas"],
        "status": [None, "active"],
    }


def test_invalid_values_give_one_indonesian_message_per_field(db, tree):
    errors = _errors(
        None,
        platform="myspace",
        handle="polres malang!",
        url="javascript:alert(1)",
        verified=True,
        verified_on=None,
        evidence_note="x" * 2001,
        status="hapus",
    )

    assert set(errors) == {
        "unit",
        "platform",
        "handle",
        "url",
        "verified_on",
        "evidence_note",
        "status",
    }
    assert errors["platform"] == "Platform tidak dikenal."
    assert errors["handle"].startswith("Nama akun hanya boleh berisi huruf, angka")
    assert errors["verified_on"] == "Tanggal verifikasi wajib diisi untuk akun terverifikasi."
    assert errors["status"] == "Status harus aktif atau nonaktif."


def test_error_is_a_value_error_and_a_rule_violation(db, tree):
    with pytest.raises(ValueError):
        create_account(tree["polda_a"], platform="x", handle="", today=TODAY)
    with pytest.raises(RuleViolation, match="Nama akun wajib diisi"):
        create_account(tree["polda_a"], platform="x", handle="@ ", today=TODAY)


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("instagram", "https://instagram.com/a"),
        ("instagram", "http://www.instagram.com/a"),
        ("x", "https://x.com/a"),
        ("x", "https://mobile.twitter.com/a"),
        ("facebook", "https://m.facebook.com/a"),
        ("tiktok", "https://www.tiktok.com/@a"),
        ("youtube", "https://www.youtube.com/@a"),
        ("lainnya", "https://www.threads.net/@a"),
        ("instagram", ""),
    ],
)
def test_urls_on_the_platforms_site_are_accepted(db, tree, platform, url):
    account = create_account(tree["polres_a"], platform=platform, handle="a", url=url, today=TODAY)

    assert account.url == url


@pytest.mark.parametrize(
    ("platform", "url", "message"),
    [
        ("instagram", "https://instagram.com.evil.id/a", "tidak cocok dengan platform Instagram"),
        ("instagram", "https://notinstagram.com/a", "tidak cocok"),
        ("x", "https://x.com@evil.id/a", "http:// atau https://"),
        ("x", "ftp://x.com/a", "http:// atau https://"),
        ("facebook", "facebook.com/a", "http:// atau https://"),
        ("tiktok", "https://tiktok.com/a b", "tanpa spasi"),
        ("tiktok", "https://tiktok.com/a\x01b", "tanpa spasi"),
        ("lainnya", "http://www.threads.net/@a", "harus diawali https://"),
        ("youtube", "https://[::1/a", "URL tidak valid"),
    ],
)
def test_bad_or_foreign_urls_are_refused(db, tree, platform, url, message):
    errors = _errors(tree["polres_a"], platform=platform, url=url)

    assert message in errors["url"]


def test_verification_date_may_not_be_in_the_future_and_is_dropped_when_unverified(db, tree):
    errors = _errors(tree["polres_a"], verified=True, verified_on=date(2026, 11, 30))
    account = make_account(tree["polres_a"], verified=False, verified_on=date(2024, 1, 1))

    old = _errors(tree["polres_a"], verified=True, verified_on=date(208, 1, 1))
    assert errors == {"verified_on": "Tanggal verifikasi tidak boleh setelah hari ini."}
    assert old == {"verified_on": "Tanggal verifikasi tidak mungkin sebelum tahun 2009."}
    assert account.verified_on is None
    assert make_account(tree["polres_a"], verified_on=TODAY).verified_on == TODAY


def test_same_platform_and_handle_cannot_be_registered_twice(db, tree):
    make_account(tree["polres_a"], platform="x", handle="humaspolri")
    db.session.commit()

    errors = _errors(tree["polres_b"], platform="x", handle="@HumasPolri")
    other_platform = make_account(tree["polres_b"], platform="instagram", handle="humaspolri")

    assert errors["handle"].startswith("Akun @humaspolri di X (Twitter) sudah terdaftar untuk")
    assert other_platform.id is not None


def test_update_records_only_the_changed_fields_with_before_and_after(db, tree):
    account = make_account(tree["polres_a"], handle="lama", verified=False)
    admin = make_user(roles=("admin",))

    changes = update_account(
        account,
        handle="Baru",
        verified=True,
        verified_on=date(2026, 1, 2),
        url="",
        unit=tree["polsek_a"],
        user=admin,
        now=NOW,
        today=TODAY,
    )

    expected = {
        "unit": [tree["polres_a"].code, tree["polsek_a"].code],
        "handle": ["lama", "baru"],
        "verified": [False, True],
        "verified_on": [None, "2026-01-02"],
    }
    assert changes == expected
    assert (account.handle, account.unit, account.updated_at) == ("baru", tree["polsek_a"], NOW)
    latest = db.session.scalar(select(SocialAccountChange).order_by(SocialAccountChange.id.desc()))
    assert (latest.action, latest.user, latest.at, latest.changes) == (
        "update",
        admin,
        NOW,
        expected,
    )


def test_update_without_changes_writes_no_history(db, tree):
    account = make_account(tree["polres_a"], handle="sama")
    updated_at = account.updated_at

    changes = update_account(account, handle="@SAMA", status="active", today=TODAY)

    assert changes == {}
    assert account.updated_at == updated_at
    assert db.session.scalars(select(SocialAccountChange.action)).all() == ["create"]


def test_update_refuses_a_handle_taken_by_another_account_and_changes_nothing(db, tree):
    make_account(tree["polres_a"], platform="tiktok", handle="dipakai")
    account = make_account(tree["polres_b"], platform="tiktok", handle="milik_b")
    db.session.commit()

    with pytest.raises(AccountInvalid) as info:
        update_account(account, handle="dipakai", status="inactive", today=TODAY)

    assert list(info.value.errors) == ["handle"]
    db.session.rollback()
    stored = db.session.get(SocialAccount, account.id)
    assert (stored.handle, stored.status, len(stored.changes)) == ("milik_b", "active", 1)


def test_update_rejects_unknown_fields(db, tree):
    account = make_account(tree["polres_a"])

    with pytest.raises(TypeError):
        update_account(account, followers=10)
