"""response_rollup_indexes: the daily response aggregates indexed by account, then day

The roll-ups (training.responses.queries, training.responses.window) walk the units of a
subtree, their accounts, then each account's days of the window; both aggregate tables answer
that from one covering index (the day-first index of mention_time is replaced).

Revision ID: 3f7a9c2e5d14
Revises: 8c2d4e6f1a35
Create Date: 2026-12-08 09:00:00
"""

from alembic import op

revision = "3f7a9c2e5d14"
down_revision = "8c2d4e6f1a35"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_mention_day_account",
        "mention_day",
        ["account_id", "day", "category", "mentions", "answered"],
    )
    op.create_index(
        "ix_mention_time_account",
        "mention_time",
        ["account_id", "day", "category", "seconds", "count"],
    )
    op.drop_index("ix_mention_time_day", table_name="mention_time")


def downgrade():
    op.create_index(
        "ix_mention_time_day",
        "mention_time",
        ["day", "account_id", "category", "seconds", "count"],
    )
    op.drop_index("ix_mention_time_account", table_name="mention_time")
    op.drop_index("ix_mention_day_account", table_name="mention_day")
