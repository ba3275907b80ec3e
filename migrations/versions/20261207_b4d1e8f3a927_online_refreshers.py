"""online refreshers: a course offered online over a window of days, and its enrolments
(issue 16)

Revision ID: b4d1e8f3a927
Revises: a4d1c8e3b7f2
Create Date: 2026-12-07 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b4d1e8f3a927"
down_revision = "a4d1c8e3b7f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "online_offering",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_online_offering_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycle.id"],
            name=op.f("fk_online_offering_cycle_id_cycle"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_online_offering_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_online_offering_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_online_offering")),
    )
    with op.batch_alter_table("online_offering") as batch:
        batch.create_index(batch.f("ix_online_offering_course_id"), ["course_id"])
        batch.create_index(batch.f("ix_online_offering_unit_id"), ["unit_id"])
        batch.create_index(batch.f("ix_online_offering_closes_on"), ["closes_on"])
    op.create_table(
        "online_enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["online_offering.id"],
            name=op.f("fk_online_enrolment_offering_id_online_offering"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_online_enrolment_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_online_enrolment")),
        sa.UniqueConstraint(
            "offering_id", "person_id", name=op.f("uq_online_enrolment_offering_id")
        ),
    )
    with op.batch_alter_table("online_enrolment") as batch:
        batch.create_index(batch.f("ix_online_enrolment_offering_id"), ["offering_id"])
        batch.create_index(batch.f("ix_online_enrolment_person_id"), ["person_id"])


def downgrade():
    op.drop_table("online_enrolment")
    op.drop_table("online_offering")
