"""breach_notice: the units whose commanders were told of response breaches, per local day

Revision ID: 8c2d4e6f1a35
Revises: 5b8e3f1a9c27
Create Date: 2026-12-07 09:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "8c2d4e6f1a35"
down_revision = "5b8e3f1a9c27"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "breach_notice",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("breaches", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
            name=op.f("fk_breach_notice_unit_id_unit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("unit_id", "day", name=op.f("pk_breach_notice")),
    )


def downgrade():
    op.drop_table("breach_notice")
