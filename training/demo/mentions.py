"""Demo public mentions of the demo accounts over the last four weeks, bulk inserted.

Each unit answers in its own way, drawn from its own seeded generator (the same at demo and
at national scale): units of the regions trained so far (tier 2 and 3 of the demo
programme: Polda 15, 27 and 33) are mostly fast, but some of them are slow despite the
training; elsewhere some units are middling and most are slow. Instagram and X accounts of
the Polda, Polres and real Polsek receive mentions (complaints, questions, information,
negative issues) at local day-time hours; the answer, if any, comes after a delay drawn
around the unit's pace; mentions whose answer would lie after the seeding instant are still
open, so every unit page and breach list has something to show. Idempotent: an account that
already has mentions gets none.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from training.accounts.models import AccountStatus, Platform, SocialAccount
from training.core.bulkwrite import insert_rows
from training.core.tabular import batches
from training.core.timefmt import to_utc
from training.extensions import db
from training.responses.measures import day_rows, write_rows
from training.responses.models import Mention
from training.units.models import Unit

SEED = "presisi-demo-2022"
DAYS = 28
#: Regions trained in the demo programme (tier 2 and 3): their units are mostly fast.
TRAINED = ("15", "27", "33")
#: Pace: (median minutes to the first response, share answered at all).
PACES = {"fast": (20, 0.97), "middling": (75, 0.85), "slow": (260, 0.6)}
CATEGORIES = (("aduan", 0.4), ("pertanyaan", 0.3), ("informasi", 0.2), ("isu_negatif", 0.1))
#: Mentions a day on one account, by level (an average: the day's count is drawn around it).
PER_DAY = {"polda": 1.5, "polres": 0.35, "polsek": 0.2}
PLATFORMS = (Platform.INSTAGRAM, Platform.X)


def pace_of(code: str, seed: str = SEED) -> str:
    """The unit's pace: fast, middling or slow (slow inside a trained region: "despite")."""
    draw = random.Random(f"{seed}:pace:{code}").random()
    if code.split(".")[0] in TRAINED:
        return "slow" if draw < 0.2 else "fast"
    return "middling" if draw < 0.35 else "slow"


def _category(rng: random.Random) -> str:
    draw = rng.random()
    for category, share in CATEGORIES:
        if draw < share:
            return category
        draw -= share
    return CATEGORIES[-1][0]


def _mention(rng, account, day: date, n: int, pace: str, now: datetime) -> dict | None:
    local = time(rng.randint(6, 23), rng.randint(0, 59))
    received = to_utc(day, local, account.timezone)
    if received > now:
        return None
    median, answered_share = PACES[pace]
    delay = timedelta(minutes=max(1.0, rng.lognormvariate(0, 0.8) * median))
    responded = received + delay if rng.random() < answered_share else None
    if responded is not None and responded > now:
        responded = None
    resolved = responded + timedelta(hours=rng.randint(1, 30)) if responded else None
    resolved = resolved if resolved is not None and resolved <= now and rng.random() < 0.5 else None
    status = "selesai" if resolved else ("dijawab" if responded else "terbuka")
    return {
        "account_id": account.id,
        "mention_key": f"demo-{day.isoformat()}-{n}",
        "received_at": received,
        "category": _category(rng),
        "first_response_at": responded,
        "resolved_at": resolved,
        "status": status,
        "reply_url": "",
        "created_at": now,
        "updated_at": now,
    }


def plan_mentions(accounts, today: date, now: datetime, seed: str = SEED) -> list[dict]:
    """The mentions of ``accounts`` (rows with id, handle, platform, code, level, timezone)
    over the ``DAYS`` days up to ``today``, none after ``now``."""
    planned = []
    for account in accounts:
        rng = random.Random(f"{seed}:mentions:{account.platform}:{account.handle}")
        pace = pace_of(account.code, seed)
        for offset in range(DAYS - 1, -1, -1):
            day = today - timedelta(days=offset)
            count = int(rng.expovariate(1 / PER_DAY[account.level]) + rng.random())
            for n in range(count):
                row = _mention(rng, account, day, n, pace, now)
                if row is not None:
                    planned.append(row)
    return planned


def _accounts():
    stmt = (
        select(
            SocialAccount.id,
            SocialAccount.handle,
            SocialAccount.platform,
            Unit.code,
            Unit.level,
            Unit.timezone,
        )  # fmt: skip
        .join(Unit, Unit.id == SocialAccount.unit_id)
        .where(
            SocialAccount.status == AccountStatus.ACTIVE,
            SocialAccount.platform.in_([str(p) for p in PLATFORMS]),
            Unit.level.in_(tuple(PER_DAY)),
            Unit.is_synthetic.is_(False),
            SocialAccount.id.not_in(select(Mention.account_id).distinct()),
        )
        .order_by(SocialAccount.id)
    )
    return db.session.execute(stmt).all()


def seed_mentions(today: date, now: datetime | None = None, seed: str = SEED) -> int:
    """Add the demo mentions of the accounts that have none, with their daily aggregates;
    return how many. The caller commits."""
    now = now or datetime.now(UTC)
    accounts = _accounts()
    planned = plan_mentions(accounts, today, now, seed)
    for chunk in batches(planned, 1000):
        insert_rows(Mention.__table__, chunk)  # COPY on PostgreSQL
    zones = {a.id: a.timezone for a in accounts}
    by_account: dict[int, list] = {}
    for row in planned:
        by_account.setdefault(row["account_id"], []).append(
            (row["received_at"], row["category"], row["first_response_at"])
        )
    write_rows([r for a, rows in by_account.items() for r in day_rows(a, rows, zones[a])])
    return len(planned)
