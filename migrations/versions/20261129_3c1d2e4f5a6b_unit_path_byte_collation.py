"""unit.path in byte-order collation on PostgreSQL (subtree range queries)

Revision ID: 3c1d2e4f5a6b
Revises: f9513759ee44
Create Date: 2026-11-29 09:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "3c1d2e4f5a6b"
down_revision = "f9513759ee44"
branch_labels = None
depends_on = None


def _set_collation(collation):
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite compares text byte by byte already
    op.alter_column(
        "unit",
        "path",
        type_=sa.String(length=255, collation=collation),
        existing_type=sa.String(length=255),
        existing_nullable=False,
    )


def upgrade():
    _set_collation("C")


def downgrade():
    _set_collation("default")
