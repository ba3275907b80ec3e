"""user.session_version: logout and deactivation end every session of the account

Revision ID: 7b3e9a1c5d20
Revises: dcef00c30245
Create Date: 2026-12-03 08:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "7b3e9a1c5d20"
down_revision = "dcef00c30245"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+ too): a batch copy of "user" would drop a table
    # that other tables' rows still point to.
    op.execute('ALTER TABLE "user" DROP COLUMN session_version')
