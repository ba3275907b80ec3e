"""sign-in codes (activation, password reset) and person.is_active (leavers)

Revision ID: a7d35e9c1f42
Revises: 8e1f0c2b7d4a
Create Date: 2026-12-03 13:45:00

"""

import sqlalchemy as sa
from alembic import op


revision = "a7d35e9c1f42"
down_revision = "8e1f0c2b7d4a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "signin_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    with op.batch_alter_table("signin_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signin_code_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("is_active")
    with op.batch_alter_table("signin_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signin_code_user_id"))
    op.drop_table("signin_code")
