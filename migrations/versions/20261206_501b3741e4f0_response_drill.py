"""response drill: scenario bank, drills, their items and replies; attempt source

Revision ID: 501b3741e4f0
Revises: c3e7a1d9b264
Create Date: 2026-12-06 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "501b3741e4f0"
down_revision = "c3e7a1d9b264"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "drill_scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("handle", sa.String(length=60), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("mention_text", sa.Text(), nullable=False),
        sa.Column("rubric", sa.Text(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_scenario")),
        sa.UniqueConstraint("code", name=op.f("uq_drill_scenario_code")),
    )
    op.create_table(
        "drill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_by_id", sa.Integer(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competency.id"], name=op.f("fk_drill_competency_id_competency")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_drill_course_id_course"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["finished_by_id"], ["user.id"], name=op.f("fk_drill_finished_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_drill_session_id_training_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["user.id"], name=op.f("fk_drill_started_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill")),
    )
    with op.batch_alter_table("drill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drill_session_id"), ["session_id"], unique=False)

    op.create_table(
        "drill_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drill_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("handle", sa.String(length=60), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("mention_text", sa.Text(), nullable=False),
        sa.Column("rubric", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["drill_id"],
            ["drill.id"],
            name=op.f("fk_drill_item_drill_id_drill"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["drill_scenario.id"],
            name=op.f("fk_drill_item_scenario_id_drill_scenario"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_item")),
        sa.UniqueConstraint("drill_id", "position", name=op.f("uq_drill_item_drill_id")),
    )
    with op.batch_alter_table("drill_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drill_item_drill_id"), ["drill_id"], unique=False)

    op.create_table(
        "drill_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drill_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("scored_by_id", sa.Integer(), nullable=True),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["drill_id"],
            ["drill.id"],
            name=op.f("fk_drill_reply_drill_id_drill"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["drill_item.id"],
            name=op.f("fk_drill_reply_item_id_drill_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_drill_reply_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["scored_by_id"], ["user.id"], name=op.f("fk_drill_reply_scored_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_reply")),
        sa.UniqueConstraint("item_id", "person_id", name=op.f("uq_drill_reply_item_id")),
    )
    with op.batch_alter_table("drill_reply", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drill_reply_drill_id"), ["drill_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_drill_reply_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("assessment_attempt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=16), server_default="grid", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("assessment_attempt", schema=None) as batch_op:
        batch_op.drop_column("source")

    with op.batch_alter_table("drill_reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drill_reply_person_id"))
        batch_op.drop_index(batch_op.f("ix_drill_reply_drill_id"))

    op.drop_table("drill_reply")
    with op.batch_alter_table("drill_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drill_item_drill_id"))

    op.drop_table("drill_item")
    with op.batch_alter_table("drill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drill_session_id"))

    op.drop_table("drill")
    op.drop_table("drill_scenario")
