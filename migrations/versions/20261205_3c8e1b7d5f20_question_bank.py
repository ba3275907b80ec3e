"""question bank: a bank per competency, questions with choices and tags (issue 16)

Revision ID: 3c8e1b7d5f20
Revises: c3f8a1d6e2b9
Create Date: 2026-12-04 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "3c8e1b7d5f20"
down_revision = "c3f8a1d6e2b9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "question_bank",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competency.id"],
            name=op.f("fk_question_bank_competency_id_competency"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_bank")),
        sa.UniqueConstraint("competency_id", name=op.f("uq_question_bank_competency_id")),
    )
    op.create_table(
        "question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("general_feedback", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=255), nullable=False),
        sa.Column("case_sensitive", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["question_bank.id"],
            name=op.f("fk_question_bank_id_question_bank"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_question_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question")),
    )
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_bank_id"), ["bank_id"], unique=False)

    op.create_table(
        "question_choice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("fraction", sa.Double(), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("match_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
            name=op.f("fk_question_choice_question_id_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_choice")),
    )
    with op.batch_alter_table("question_choice", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_question_choice_question_id"), ["question_id"], unique=False
        )

    op.create_table(
        "question_tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
            name=op.f("fk_question_tag_question_id_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_tag")),
        sa.UniqueConstraint("question_id", "name", name=op.f("uq_question_tag_question_id")),
    )
    with op.batch_alter_table("question_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_tag_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_question_tag_question_id"), ["question_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("question_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_tag_question_id"))
        batch_op.drop_index(batch_op.f("ix_question_tag_name"))

    op.drop_table("question_tag")
    with op.batch_alter_table("question_choice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_choice_question_id"))

    op.drop_table("question_choice")
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_bank_id"))

    op.drop_table("question")
    op.drop_table("question_bank")
