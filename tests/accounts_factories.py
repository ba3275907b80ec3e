"""Builders for social-media account tests."""

from datetime import date
from itertools import count

from tests.factories import make_unit
from training.accounts.models import SocialAccount
from training.accounts.services import create_account
from training.units.models import Unit

_seq = count(1)
TODAY = date(2026, 11, 29)


def make_account(unit: Unit | None = None, **kw) -> SocialAccount:
    """A verified Instagram account of ``unit`` (a new unit by default)."""
    kw.setdefault("platform", "instagram")
    kw.setdefault("handle", f"akun_uji_{next(_seq)}")
    kw.setdefault("verified", True)
    kw.setdefault("verified_on", date(2025, 3, 1) if kw["verified"] else None)
    kw.setdefault("today", TODAY)
    return create_account(unit or make_unit(), **kw)
