"""readiness thresholds: optional response criteria (share of aduan answered, their p90 time
to first response) over a window of days (issue 15.3)

Revision ID: a4d1c8e3b7f2
Revises: e7b2c9d41f60
Create Date: 2026-12-07 09:00:00

Both criteria are null (off) on existing rows, so every programme keeps its statuses.
"""

import sqlalchemy as sa
from alembic import op

revision = "a4d1c8e3b7f2"
down_revision = "e7b2c9d41f60"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("readiness_thresholds") as batch_op:
        batch_op.add_column(sa.Column("ready_answered_pct", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ready_p90_minutes", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "response_window_days", sa.Integer(), nullable=False, server_default="30"
            )
        )


def downgrade():
    with op.batch_alter_table("readiness_thresholds") as batch_op:
        batch_op.drop_column("response_window_days")
        batch_op.drop_column("ready_p90_minutes")
        batch_op.drop_column("ready_answered_pct")
