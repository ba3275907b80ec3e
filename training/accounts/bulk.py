"""Bulk insert of new social-media accounts with their first history rows (import, demo)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select

from training.accounts.models import SocialAccount, SocialAccountChange
from training.core.bulkwrite import insert_rows
from training.extensions import db

BATCH = 500


def insert_accounts(
    values: list[dict], action: str, user_id: int | None, now: datetime
) -> list[dict]:
    """Bulk insert new accounts (clean values; ``unit`` anything with ``id`` and ``code``)
    and their first history rows; returns those rows.

    A fixed number of statements per 500 accounts, whatever their number. The caller commits.
    """
    rows = [
        {**{k: v for k, v in item.items() if k != "unit"}, "unit_id": item["unit"].id}
        for item in values
    ]
    # Core executemany (the ORM bulk path is several times slower), then the new ids read
    # back in one range scan of the primary key.
    table = SocialAccount.__table__
    before = db.session.scalar(select(func.max(table.c.id))) or 0
    for chunk in _chunks(rows):
        params = [{**row, "created_at": now, "updated_at": now} for row in chunk]
        insert_rows(table, params)  # COPY on PostgreSQL
    new_ids = select(table.c.platform, table.c.handle, table.c.id).where(table.c.id > before)
    ids = {(p, h): i for p, h, i in db.session.execute(new_ids)}
    history = [
        {
            "account_id": ids[(item["platform"], item["handle"])],
            "user_id": user_id,
            "at": now,
            "action": action,
            "changes": _first_history(item),
        }
        for item in values
    ]
    for chunk in _chunks(history):
        insert_rows(SocialAccountChange.__table__, chunk)
    return history


def _first_history(values: dict) -> dict:
    """{field: [None, value]} for the fields set (the fast form of ``history_value``)."""
    changes = {}
    for name, value in values.items():
        if value is None or value == "":
            continue
        if name == "unit":
            value = value.code
        elif name == "verified_on":
            value = value.isoformat()
        changes[name] = [None, value]
    return changes


def _chunks(rows: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
