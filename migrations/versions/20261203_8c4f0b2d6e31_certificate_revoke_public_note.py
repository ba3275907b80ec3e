"""certificate.revoke_public_note: the public wording of a revocation, apart from the
internal reason (existing reasons stay internal notes; their public note is empty)

Revision ID: 8c4f0b2d6e31
Revises: 7b3e9a1c5d20
Create Date: 2026-12-03 08:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "8c4f0b2d6e31"
down_revision = "7b3e9a1c5d20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("revoke_public_note", sa.Text(), server_default="", nullable=False)
        )


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+ too): a batch copy of "certificate" would drop a
    # table that other tables' rows still point to.
    op.execute("ALTER TABLE certificate DROP COLUMN revoke_public_note")
