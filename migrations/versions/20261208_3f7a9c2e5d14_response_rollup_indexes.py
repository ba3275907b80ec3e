"""response_rollup_indexes: the daily response aggregates indexed by account, then day

The roll-ups (training.responses.queries, training.responses.window) read a window of days
of the accounts of a subtree from the indexes alone: SQLite walks the units, their accounts,
then each account's days (the new account-first indexes); PostgreSQL reads the window's
days and hashes them to the units (the day-first indexes: mention_day's plain day index
becomes a covering one).

Revision ID: 3f7a9c2e5d14
Revises: 8c2d4e6f1a35
Create Date: 2026-12-08 09:00:00
"""

from alembic import op

revision = "3f7a9c2e5d14"
down_revision = "8c2d4e6f1a35"
branch_labels = None
depends_on = None

DAY = ["account_id", "day", "category", "mentions", "answered"]
WINDOW = ["day", "account_id", "category", "mentions", "answered"]
TIME = ["account_id", "day", "category", "seconds", "count"]


def upgrade():
    op.create_index("ix_mention_day_account", "mention_day", DAY)
    op.create_index("ix_mention_day_window", "mention_day", WINDOW)
    op.drop_index("ix_mention_day_day", table_name="mention_day")
    op.create_index("ix_mention_time_account", "mention_time", TIME)


def downgrade():
    op.drop_index("ix_mention_time_account", table_name="mention_time")
    op.create_index("ix_mention_day_day", "mention_day", ["day"])
    op.drop_index("ix_mention_day_window", table_name="mention_day")
    op.drop_index("ix_mention_day_account", table_name="mention_day")
