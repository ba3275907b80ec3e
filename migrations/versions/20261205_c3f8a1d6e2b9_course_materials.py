"""course materials: modules of files and links per course, progress per person (issue 16)

Revision ID: c3f8a1d6e2b9
Revises: 6a2d9e4f1b70
Create Date: 2026-12-05 09:00:00

New tables only; the files themselves live in the materials folder (MATERIALS_DIR), named by
their SHA-256, and are not touched by the downgrade.
"""

import sqlalchemy as sa
from alembic import op

revision = "c3f8a1d6e2b9"
down_revision = "6a2d9e4f1b70"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "course_material_settings",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column(
            "required_before_post_test", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_course_material_settings_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("course_id", name=op.f("pk_course_material_settings")),
    )
    op.create_table(
        "material_module",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_material_module_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_material_module")),
    )
    with op.batch_alter_table("material_module", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_material_module_course_id"), ["course_id"], unique=False
        )

    op.create_table(
        "material_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_material_item_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["material_module.id"],
            name=op.f("fk_material_item_module_id_material_module"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_material_item")),
    )
    with op.batch_alter_table("material_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_material_item_module_id"), ["module_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_material_item_sha256"), ["sha256"], unique=False)

    op.create_table(
        "material_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["material_module.id"],
            name=op.f("fk_material_progress_module_id_material_module"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_material_progress_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_material_progress")),
        sa.UniqueConstraint("person_id", "module_id", name=op.f("uq_material_progress_person_id")),
    )
    with op.batch_alter_table("material_progress", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_material_progress_module_id"), ["module_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_material_progress_person_id"), ["person_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("material_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_material_progress_person_id"))
        batch_op.drop_index(batch_op.f("ix_material_progress_module_id"))

    op.drop_table("material_progress")
    with op.batch_alter_table("material_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_material_item_sha256"))
        batch_op.drop_index(batch_op.f("ix_material_item_module_id"))

    op.drop_table("material_item")
    with op.batch_alter_table("material_module", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_material_module_course_id"))

    op.drop_table("material_module")
    op.drop_table("course_material_settings")
