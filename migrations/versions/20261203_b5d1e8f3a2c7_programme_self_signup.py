"""programme self sign-up and approval settings (series booking, issue 14)

Revision ID: b5d1e8f3a2c7
Revises: a4c9e2f71b35
Create Date: 2026-12-03 14:40:00

Enrolment rows gain two statuses ("pending", "refused") in the existing text column; the
programme gains two flags, false for every existing programme (nothing changes for them).
"""

import sqlalchemy as sa
from alembic import op

revision = "b5d1e8f3a2c7"
down_revision = "a4c9e2f71b35"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("program") as batch:
        batch.add_column(
            sa.Column("self_signup", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("signup_approval", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    # pending and refused sign-ups have no meaning without the flags: keep them as cancelled
    op.execute(
        "UPDATE enrollment SET status = 'cancelled', waitlist_rank = NULL "
        "WHERE status IN ('pending', 'refused')"
    )
    with op.batch_alter_table("program") as batch:
        batch.drop_column("signup_approval")
        batch.drop_column("self_signup")
