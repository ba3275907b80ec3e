"""readiness snapshots: the subtree's aduan over the response window (received, answered,
p90 seconds) and the "perlu penyegaran" flag of each day, for the response trend

Revision ID: c7e2a9f4d613
Revises: 3f7a9c2e5d14
Create Date: 2026-12-08 09:00:00

Existing snapshots get no response data (0 aduan, no p90, not flagged): they were taken
before the outcome was recorded; snapshots taken from now on carry it.
"""

import sqlalchemy as sa
from alembic import op

revision = "c7e2a9f4d613"
down_revision = "3f7a9c2e5d14"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("readiness_snapshot") as batch_op:
        batch_op.add_column(
            sa.Column("aduan", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("aduan_answered", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("aduan_p90_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("refresher", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("readiness_snapshot") as batch_op:
        batch_op.drop_column("refresher")
        batch_op.drop_column("aduan_p90_seconds")
        batch_op.drop_column("aduan_answered")
        batch_op.drop_column("aduan")
