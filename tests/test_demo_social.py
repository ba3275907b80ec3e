"""Demo social-media accounts: who gets which accounts, valid values, idempotent."""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.statements import count_statements
from training.accounts.models import SocialAccount, SocialAccountChange
from training.accounts.services import clean_values
from training.demo import units
from training.demo.social import seed_social_accounts
from training.units.models import Unit

TODAY = date(2026, 11, 29)


@pytest.fixture
def demo_units(db):
    units.load_units(units.plan_units("demo"))
    db.session.commit()


def _accounts(db) -> list[SocialAccount]:
    return list(db.session.scalars(select(SocialAccount)))


def test_every_polda_and_polres_has_instagram_and_most_have_x_tiktok_facebook(db, demo_units):
    created = seed_social_accounts(TODAY)
    db.session.commit()

    commands = db.session.scalars(select(Unit).where(Unit.level.in_(("polda", "polres")))).all()
    platforms: dict[int, set[str]] = {}
    for account in _accounts(db):
        platforms.setdefault(account.unit_id, set()).add(account.platform)
    assert created == len(_accounts(db)) > len(commands)
    assert all("instagram" in platforms.get(u.id, ()) for u in commands)
    for other in ("x", "tiktok", "facebook"):
        share = sum(other in platforms.get(u.id, ()) for u in commands) / len(commands)
        assert 0.6 < share < 1, (other, share)


def test_most_accounts_are_verified_some_not_and_a_few_inactive(db, demo_units):
    seed_social_accounts(TODAY)

    accounts = _accounts(db)
    verified = sum(a.verified for a in accounts) / len(accounts)
    inactive = sum(a.status == "inactive" for a in accounts)
    assert 0.55 < verified < 0.95
    assert 0 < inactive < len(accounts) * 0.1
    assert all(
        a.verified_on and a.verified_on < TODAY and a.evidence_note for a in accounts if a.verified
    )
    assert all(a.verified_on is None for a in accounts if not a.verified)


def test_synthetic_polsek_get_fewer_accounts_than_commands(db, demo_units):
    seed_social_accounts(TODAY)

    rows = db.session.execute(
        select(Unit.level, Unit.is_synthetic, func.count(SocialAccount.id))
        .join(SocialAccount, SocialAccount.unit_id == Unit.id, isouter=True)
        .group_by(Unit.id, Unit.level, Unit.is_synthetic)
    ).all()
    per_unit = Counter()
    units_of = Counter()
    for level, synthetic, n in rows:
        kind = "synthetic" if synthetic else level
        per_unit[kind] += n
        units_of[kind] += 1
    average = {kind: per_unit[kind] / units_of[kind] for kind in units_of}
    assert average["synthetic"] < 1.5 < 3 < average["polres"] < average["polda"] + 1


def test_every_demo_account_passes_the_registry_validation(db, demo_units):
    seed_social_accounts(TODAY)

    accounts = _accounts(db)
    problems = []
    for a in accounts:
        values = {f: getattr(a, f) for f in ("unit", "platform", "handle", "url", "verified")}
        values |= {
            "verified_on": a.verified_on,
            "evidence_note": a.evidence_note,
            "status": a.status,
        }
        clean, errors = clean_values(values, TODAY)
        if errors or clean["handle"] != a.handle:
            problems.append((a.handle, errors))
    assert problems == []
    assert len({(a.platform, a.handle) for a in accounts}) == len(accounts)


def test_seeding_twice_adds_nothing_and_each_account_has_its_creation_in_history(db, demo_units):
    first = seed_social_accounts(TODAY)
    db.session.commit()

    second = seed_social_accounts(TODAY)

    history = db.session.execute(
        select(SocialAccountChange.action, func.count()).group_by(SocialAccountChange.action)
    ).all()
    assert first > 0 and second == 0
    assert history == [("create", first)]


def test_a_deleted_account_is_restored_with_the_same_values(db, demo_units):
    seed_social_accounts(TODAY)
    db.session.commit()
    account = db.session.scalar(select(SocialAccount).order_by(SocialAccount.id.desc()))
    kept = (account.unit_id, account.platform, account.handle, account.verified_on, account.status)
    db.session.delete(account)
    db.session.commit()

    assert seed_social_accounts(TODAY) == 1

    again = db.session.scalar(
        select(SocialAccount).where(
            SocialAccount.platform == kept[1], SocialAccount.handle == kept[2]
        )
    )
    assert (again.unit_id, again.platform, again.handle, again.verified_on, again.status) == kept


def test_seeding_runs_in_a_fixed_number_of_statements(db, demo_units):
    with count_statements() as statements:
        created = seed_social_accounts(TODAY)

    assert created > 1000
    assert len(statements) <= 4 + 2 * (created // 500 + 1)
