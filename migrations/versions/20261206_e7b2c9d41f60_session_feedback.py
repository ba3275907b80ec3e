"""session feedback: the survey template (versioned), questions, anonymous responses (issue 16)

Revision ID: e7b2c9d41f60
Revises: 501b3741e4f0
Create Date: 2026-12-06 09:00:00

New tables, and the first version of the survey (the default Indonesian questions, the same
as ``training.learning.feedback_services.DEFAULT_QUESTIONS``, copied here so this migration
stays as it is when the code changes).
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "e7b2c9d41f60"
down_revision = "501b3741e4f0"
branch_labels = None
depends_on = None

DEFAULT_QUESTIONS = (
    ("likert", "Materi pelatihan relevan dengan tugas saya.", True),
    ("likert", "Pelatih menyampaikan materi dengan jelas.", True),
    ("likert", "Waktu pelatihan cukup untuk memahami dan mempraktikkan materi.", True),
    (
        "likert",
        "Saya akan menerapkan materi ini dalam mengelola akun media sosial satuan saya.",
        True,
    ),
    ("text", "Saran untuk perbaikan pelatihan berikutnya.", False),
)


def upgrade():
    template = op.create_table(
        "feedback_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_feedback_template_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_template")),
        sa.UniqueConstraint("version", name=op.f("uq_feedback_template_version")),
    )
    question = op.create_table(
        "feedback_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("prompt", sa.String(length=300), nullable=False),
        sa.Column("is_required", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["feedback_template.id"],
            name=op.f("fk_feedback_question_template_id_feedback_template"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_question")),
    )
    with op.batch_alter_table("feedback_question", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_question_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "feedback_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_feedback_response_session_id_training_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["feedback_template.id"],
            name=op.f("fk_feedback_response_template_id_feedback_template"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_response")),
    )
    with op.batch_alter_table("feedback_response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_response_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_response_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "feedback_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["feedback_question.id"],
            name=op.f("fk_feedback_answer_question_id_feedback_question"),
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["feedback_response.id"],
            name=op.f("fk_feedback_answer_response_id_feedback_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_answer")),
    )
    with op.batch_alter_table("feedback_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_answer_question_id"), ["question_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_answer_response_id"), ["response_id"], unique=False
        )

    op.create_table(
        "feedback_receipt",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_feedback_receipt_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_feedback_receipt_session_id_training_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "person_id", name=op.f("pk_feedback_receipt")),
    )
    with op.batch_alter_table("feedback_receipt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_receipt_person_id"), ["person_id"], unique=False
        )

    _seed(template, question)


def _seed(template, question) -> None:
    """The first version of the survey."""
    op.bulk_insert(
        template,
        [
            {
                "id": 1,
                "version": 1,
                "title": "Umpan balik sesi pelatihan",
                "created_by_id": None,
                "created_at": datetime.now(UTC),
            }
        ],
    )
    op.bulk_insert(
        question,
        [
            {"template_id": 1, "position": n, "kind": kind, "prompt": prompt, "is_required": req}
            for n, (kind, prompt, req) in enumerate(DEFAULT_QUESTIONS, 1)
        ],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('feedback_template', 'id'), "
            "(SELECT max(id) FROM feedback_template))"
        )


def downgrade():
    with op.batch_alter_table("feedback_receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_receipt_person_id"))

    op.drop_table("feedback_receipt")
    with op.batch_alter_table("feedback_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_answer_response_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_answer_question_id"))

    op.drop_table("feedback_answer")
    with op.batch_alter_table("feedback_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_response_template_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_response_session_id"))

    op.drop_table("feedback_response")
    with op.batch_alter_table("feedback_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_question_template_id"))

    op.drop_table("feedback_question")
    op.drop_table("feedback_template")
