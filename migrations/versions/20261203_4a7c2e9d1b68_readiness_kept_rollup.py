"""readiness_version and readiness_cache: the kept national readiness roll-up

Revision ID: 4a7c2e9d1b68
Revises: a7d35e9c1f42
Create Date: 2026-12-03 13:40:00

"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "4a7c2e9d1b68"
down_revision = "a7d35e9c1f42"
branch_labels = None
depends_on = None


def upgrade():
    version = op.create_table(
        "readiness_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_version")),
    )
    op.bulk_insert(version, [{"id": 1, "token": uuid.uuid4().hex, "n": 0}])
    op.create_table(
        "readiness_cache",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_readiness_cache_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", "day", name=op.f("pk_readiness_cache")),
    )


def downgrade():
    op.drop_table("readiness_cache")
    op.drop_table("readiness_version")
