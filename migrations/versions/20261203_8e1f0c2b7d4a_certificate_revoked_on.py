"""certificate revoked_on: the local day of the revocation in the holder's unit zone

Revision ID: 8e1f0c2b7d4a
Revises: 5e0b7c1d2a93
Create Date: 2026-12-03 08:10:00

"""

from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "8e1f0c2b7d4a"
down_revision = "5e0b7c1d2a93"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_on", sa.Date(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT certificate.id, certificate.revoked_at, unit.timezone FROM certificate "
            "JOIN person ON person.id = certificate.person_id "
            "JOIN unit ON unit.id = person.unit_id WHERE certificate.revoked_at IS NOT NULL"
        )
    ).all()
    for cert_id, revoked_at, tz in rows:
        if isinstance(revoked_at, str):  # SQLite hands back text
            from datetime import datetime

            revoked_at = datetime.fromisoformat(revoked_at)
        if revoked_at.tzinfo is None:
            revoked_at = revoked_at.replace(tzinfo=UTC)
        day = revoked_at.astimezone(ZoneInfo(tz or "Asia/Jakarta")).date()
        conn.execute(
            sa.text("UPDATE certificate SET revoked_on = :day WHERE id = :id"),
            {"day": day, "id": cert_id},
        )


def downgrade():
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_column("revoked_on")
