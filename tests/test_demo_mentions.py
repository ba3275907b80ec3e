"""Demo mentions: deterministic, fast and slow units (slow despite training too), aggregates
equal to a recomputation from the raw rows, idempotent."""

from datetime import UTC, date, datetime, timedelta
from statistics import median

import pytest
from sqlalchemy import func, select

from training.accounts.models import SocialAccount
from training.demo import units
from training.demo.mentions import TRAINED, pace_of, seed_mentions
from training.demo.social import seed_social_accounts
from training.responses import measures
from training.responses.models import Mention, MentionDay, MentionTime
from training.units.models import Unit

TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)  # 15:00 WIB


@pytest.fixture
def demo(db):
    units.load_units(units.plan_units("demo"))
    seed_social_accounts(TODAY, now=NOW)
    created = seed_mentions(TODAY, now=NOW)
    db.session.commit()
    return created


def _aggregates(db):
    rows = db.session.scalars(select(MentionDay).order_by(MentionDay.account_id, MentionDay.day,
                                                          MentionDay.category))  # fmt: skip
    days = [(r.account_id, r.day, r.category, r.mentions, r.answered) for r in rows]
    times = db.session.scalars(select(MentionTime).order_by(MentionTime.account_id,
                                                            MentionTime.day, MentionTime.category,
                                                            MentionTime.seconds))  # fmt: skip
    return days, [(r.account_id, r.day, r.category, r.seconds, r.count) for r in times]


def test_mentions_cover_four_weeks_and_never_lie_after_now(db, demo):
    first, last = db.session.execute(
        select(func.min(Mention.received_at), func.max(Mention.received_at))
    ).one()
    assert demo > 1000
    assert first.date() >= TODAY - timedelta(days=28) and last <= NOW
    assert db.session.scalar(select(func.max(Mention.first_response_at))) <= NOW
    open_count = db.session.scalar(select(func.count()).where(Mention.status == "terbuka"))
    assert 0 < open_count < demo / 2


def test_trained_regions_answer_faster_and_some_are_slow_despite_training(db, demo):
    stmt = (
        select(Unit.code, Mention.received_at, Mention.first_response_at)
        .join(SocialAccount, SocialAccount.id == Mention.account_id)
        .join(Unit, Unit.id == SocialAccount.unit_id)
        .where(Mention.first_response_at.is_not(None))
    )
    by_pace: dict[str, list[float]] = {"fast": [], "middling": [], "slow": []}
    slow_trained = set()
    for code, received, responded in db.session.execute(stmt):
        pace = pace_of(code)
        by_pace[pace].append((responded - received).total_seconds() / 60)
        if pace == "slow" and code.split(".")[0] in TRAINED:
            slow_trained.add(code)
    assert median(by_pace["fast"]) < median(by_pace["middling"]) < median(by_pace["slow"])
    assert len(slow_trained) >= 3


def test_aggregates_equal_a_recomputation_and_seeding_again_adds_nothing(db, demo):
    seeded = _aggregates(db)

    measures.recompute_accounts(db.session.scalars(select(SocialAccount.id)))
    again = seed_mentions(TODAY, now=NOW)

    assert _aggregates(db) == seeded
    assert again == 0
