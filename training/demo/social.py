"""Demo official social-media accounts for the demo units, bulk inserted.

Every Polda and Polres (and Mabes) has an Instagram account and most also X, TikTok and
Facebook; most are verified with a date and an evidence note, some are not, a few are
inactive. Real Polsek have a little less, synthetic Polsek much less. Each unit draws from
its own seeded generator, so a unit gets the same accounts at demo and at national scale.
Idempotent: a unit that already has an account on a platform gets no second one there.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from training.accounts.bulk import insert_accounts
from training.accounts.models import AccountStatus, Platform, SocialAccount
from training.extensions import db
from training.units.models import Unit

SEED = "presisi-demo-2022"
#: Chance that a unit has an account on each platform, by kind of unit.
CHANCES = {
    "command": {
        Platform.INSTAGRAM: 1.0,
        Platform.X: 0.85,
        Platform.TIKTOK: 0.8,
        Platform.FACEBOOK: 0.75,
        Platform.YOUTUBE: 0.3,
    },
    "polsek": {Platform.INSTAGRAM: 0.9, Platform.TIKTOK: 0.4, Platform.FACEBOOK: 0.3},
    "synthetic": {Platform.INSTAGRAM: 0.5, Platform.TIKTOK: 0.15, Platform.FACEBOOK: 0.1},
}
VERIFIED = {"command": 0.85, "polsek": 0.6, "synthetic": 0.4}
INACTIVE = 0.03
PROFILE_URL = {
    Platform.INSTAGRAM: "https://www.instagram.com/{}/",
    Platform.X: "https://x.com/{}",
    Platform.FACEBOOK: "https://www.facebook.com/{}",
    Platform.TIKTOK: "https://www.tiktok.com/@{}",
    Platform.YOUTUBE: "https://www.youtube.com/@{}",
}
EVIDENCE = (
    "Centang biru terlihat di profil; tangkapan layar diarsipkan Bid Humas (contoh demo).",
    "Email konfirmasi verifikasi dari platform diteruskan ke Div Humas Polri (contoh demo).",
    "Diperiksa operator media sosial saat supervisi Polda (contoh demo).",
)
PENDING = "Pengajuan verifikasi sudah dikirim, menunggu jawaban platform (contoh demo)."
_NOT_HANDLE = re.compile(r"[^a-z0-9]")


def _kind(unit) -> str:
    if unit.level != "polsek":
        return "command"
    return "synthetic" if unit.is_synthetic else "polsek"


def _handle(unit, platform: str, taken: set[tuple[str, str]]) -> str | None:
    """The unit's name squeezed into a handle; its code is added when the name is taken."""
    base = _NOT_HANDLE.sub("", unit.name.lower())[:80] or "satuan"
    for handle in (base, f"{base}_{unit.code.replace('.', '')}"):
        if (platform, handle) not in taken:
            return handle
    return None


def _account(unit, platform: str, handle: str, draws: list[float], today: date) -> dict:
    verified = draws[1] < VERIFIED[_kind(unit)]
    return {
        "unit": unit,
        "platform": str(platform),
        "handle": handle,
        "url": PROFILE_URL[platform].format(handle),
        "verified": verified,
        "verified_on": today - timedelta(days=20 + int(draws[2] * 1080)) if verified else None,
        "evidence_note": EVIDENCE[int(draws[3] * len(EVIDENCE))]
        if verified
        else (PENDING if draws[3] < 0.5 else ""),
        "status": AccountStatus.INACTIVE if draws[4] < INACTIVE else AccountStatus.ACTIVE,
    }


def plan_accounts(units: list, today: date, existing, taken, seed: str = SEED) -> list[dict]:
    """The accounts to add: ``existing`` holds (unit_id, platform) pairs, ``taken`` handles."""
    planned = []
    for unit in sorted(units, key=lambda u: (u.level != "mabes", u.code)):
        rng = random.Random(f"{seed}:social:{unit.code}")
        for platform, chance in CHANCES[_kind(unit)].items():
            # a fixed number of draws per platform: skipping one leaves the others unchanged
            draws = [rng.random() for _ in range(5)]
            if draws[0] >= chance or (unit.id, str(platform)) in existing:
                continue
            handle = _handle(unit, platform, taken)
            if handle is None:
                continue
            taken.add((str(platform), handle))
            planned.append(_account(unit, platform, handle, draws, today))
    return planned


def seed_social_accounts(today: date, seed: str = SEED, now: datetime | None = None) -> int:
    """Register the demo accounts missing for the units in the database; return how many.

    The caller commits.
    """
    units = db.session.execute(
        select(Unit.id, Unit.code, Unit.name, Unit.level, Unit.is_synthetic)
    ).all()  # plain rows: loading 6,000 Unit objects would cost more than the inserts
    pairs = db.session.execute(
        select(SocialAccount.unit_id, SocialAccount.platform, SocialAccount.handle)
    ).all()
    existing = {(unit_id, platform) for unit_id, platform, _h in pairs}
    taken = {(platform, handle) for _u, platform, handle in pairs}
    planned = plan_accounts(units, today, existing, taken, seed)
    insert_accounts(planned, "create", None, now or datetime.now(UTC))
    return len(planned)
