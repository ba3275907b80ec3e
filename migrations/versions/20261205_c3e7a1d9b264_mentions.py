"""responses: public mentions of official accounts, daily aggregates, response targets

Revision ID: c3e7a1d9b264
Revises: 9d4f2a6c1e83
Create Date: 2026-12-05 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c3e7a1d9b264"
down_revision = "9d4f2a6c1e83"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("mention_key", sa.String(length=300), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("responded_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reply_url", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["social_account.id"],
            name=op.f("fk_mention_account_id_social_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responded_by_id"],
            ["person.id"],
            name=op.f("fk_mention_responded_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mention")),
        sa.UniqueConstraint("account_id", "mention_key", name=op.f("uq_mention_account_id")),
    )
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mention_account_received", ["account_id", "received_at"], unique=False
        )
        batch_op.create_index("ix_mention_open", ["status", "received_at"], unique=False)
    op.create_table(
        "mention_day",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("durations", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["social_account.id"],
            name=op.f("fk_mention_day_account_id_social_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "day", "category", name=op.f("pk_mention_day")),
    )
    with op.batch_alter_table("mention_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mention_day_day"), ["day"], unique=False)
    op.create_table(
        "response_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_response_target_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_target")),
        sa.UniqueConstraint(
            "program_id", "category", name=op.f("uq_response_target_program_id")
        ),
    )


def downgrade():
    op.drop_table("response_target")
    with op.batch_alter_table("mention_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mention_day_day"))
    op.drop_table("mention_day")
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.drop_index("ix_mention_open")
        batch_op.drop_index("ix_mention_account_received")
    op.drop_table("mention")
