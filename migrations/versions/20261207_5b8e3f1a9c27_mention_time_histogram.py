"""mention_time: the response times of each (account, day, category) as an exact histogram

Revision ID: 5b8e3f1a9c27
Revises: b4e1d7a9c352
Create Date: 2026-12-07 09:00:00

The sorted ``mention_day.durations`` lists were merged in memory on every page, slow at
national scale; the same times are kept as rows (seconds, count) that the database can rank.
The upgrade copies every list into the new table before dropping the column; the downgrade
rebuilds the lists from the rows. No data is lost either way.
"""

import json
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "5b8e3f1a9c27"
down_revision = "b4e1d7a9c352"
branch_labels = None
depends_on = None

KEYS = ("account_id", "day", "category")
CHUNK = 1000
mention_day = sa.table(
    "mention_day",
    sa.column("account_id", sa.Integer),
    sa.column("day", sa.Date),
    sa.column("category", sa.String),
    sa.column("durations", sa.JSON),
)
mention_time = sa.table(
    "mention_time",
    sa.column("account_id", sa.Integer),
    sa.column("day", sa.Date),
    sa.column("category", sa.String),
    sa.column("seconds", sa.Integer),
    sa.column("count", sa.Integer),
)


def _durations(value) -> list[int]:
    if isinstance(value, str):  # a JSON column read without its type on some drivers
        value = json.loads(value)
    return [int(seconds) for seconds in value or ()]


def upgrade():
    op.create_table(
        "mention_time",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["social_account.id"],
            name=op.f("fk_mention_time_account_id_social_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "account_id", "day", "category", "seconds", name=op.f("pk_mention_time")
        ),
    )
    with op.batch_alter_table("mention_time", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mention_time_day",
            ["day", "account_id", "category", "seconds", "count"],
            unique=False,
        )
    bind = op.get_bind()
    rows = []
    for row in bind.execute(sa.select(mention_day)):
        counts = Counter(_durations(row.durations))
        rows += [
            {**{key: getattr(row, key) for key in KEYS}, "seconds": seconds, "count": count}
            for seconds, count in sorted(counts.items())
        ]
        if len(rows) >= CHUNK:
            bind.execute(sa.insert(mention_time), rows)
            rows = []
    if rows:
        bind.execute(sa.insert(mention_time), rows)
    with op.batch_alter_table("mention_day", schema=None) as batch_op:
        batch_op.drop_column("durations")


def downgrade():
    with op.batch_alter_table("mention_day", schema=None) as batch_op:
        batch_op.add_column(sa.Column("durations", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("mention_day", schema=None) as batch_op:
        batch_op.alter_column("durations", server_default=None)
    bind = op.get_bind()
    lists: dict[tuple, list[int]] = {}
    ordered = sa.select(mention_time).order_by(*(mention_time.c[k] for k in KEYS), "seconds")
    for row in bind.execute(ordered):
        lists.setdefault(tuple(getattr(row, k) for k in KEYS), []).extend(
            [row.seconds] * row.count
        )
    for (account_id, day, category), durations in lists.items():
        bind.execute(
            sa.update(mention_day)
            .where(
                mention_day.c.account_id == account_id,
                mention_day.c.day == day,
                mention_day.c.category == category,
            )
            .values(durations=durations)
        )
    with op.batch_alter_table("mention_time", schema=None) as batch_op:
        batch_op.drop_index("ix_mention_time_day")
    op.drop_table("mention_time")
