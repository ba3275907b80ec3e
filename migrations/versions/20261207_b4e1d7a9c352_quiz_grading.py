"""quiz grading: submitted_at and levels of an attempt, score bands per course (issue 16)

Revision ID: b4e1d7a9c352
Revises: b4d1e8f3a927
Create Date: 2026-12-07 09:00:00

A submitted attempt takes no more answers and waits for the grading job; a graded one keeps
the level per competency its score gave by the course's bands (``quiz_bands``, a row only
once a course sets its own; the defaults are in ``training.learning.quiz_bands``).
"""

import sqlalchemy as sa
from alembic import op

revision = "b4e1d7a9c352"
down_revision = "b4d1e8f3a927"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "quiz_bands",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("min_cukup", sa.Integer(), nullable=False),
        sa.Column("min_baik", sa.Integer(), nullable=False),
        sa.Column("min_baik_sekali", sa.Integer(), nullable=False),
        sa.Column("min_istimewa", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_quiz_bands_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("course_id", name=op.f("pk_quiz_bands")),
    )
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("levels", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.drop_column("levels")
        batch_op.drop_column("submitted_at")
    op.drop_table("quiz_bands")
