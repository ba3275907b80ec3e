"""What the response measures are told: an account moved to another unit, or a unit's time
zone changed. Either may move mentions to other local days, so the aggregates of the
accounts concerned are rebuilt from the raw rows (inside the caller's transaction)."""

from flask import Flask
from sqlalchemy import select

from training.accounts.models import SocialAccount
from training.core.events import subscribe
from training.extensions import db
from training.responses.measures import recompute_accounts


def _accounts_moved(account_ids, **_payload) -> None:
    recompute_accounts(account_ids)


def _unit_zone_changed(unit_ids, **_payload) -> None:
    stmt = select(SocialAccount.id).where(SocialAccount.unit_id.in_(list(unit_ids)))
    recompute_accounts(db.session.scalars(stmt))


def init_app(app: Flask) -> None:
    subscribe(app, "accounts_moved", _accounts_moved)
    subscribe(app, "unit_zone_changed", _unit_zone_changed)
