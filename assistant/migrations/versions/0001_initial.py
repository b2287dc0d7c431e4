"""Class sessions, their events, and feedback.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "class_sessions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("label", sa.String(80), nullable=False),
        sa.Column("level", sa.String(60)),
        sa.Column("region", sa.String(60)),
        sa.Column("companies", sa.JSON, nullable=False),
        sa.Column("max_pupils", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_class_sessions"),
        sa.UniqueConstraint("code", name="uq_class_sessions_code"),
    )
    op.create_index("ix_class_sessions_expires_at", "class_sessions", ["expires_at"])

    op.create_table(
        "session_events",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("topic_kind", sa.String(60)),
        sa.Column("topic", sa.String(200)),
        sa.Column("value", sa.String(60)),
        sa.Column("text", sa.String(300)),
        sa.PrimaryKeyConstraint("id", name="pk_session_events"),
        _session_key("session_events", "CASCADE"),
        sa.CheckConstraint(
            "text IS NULL OR kind = 'unanswered'", name="ck_session_events_text_only_unanswered"
        ),
    )
    op.create_index("ix_session_events_session_kind", "session_events", ["session_id", "kind"])

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("comment", sa.String(500)),
        sa.Column("question", sa.String(500)),
        sa.Column("outcome", sa.String(60), nullable=False),
        sa.Column("backend", sa.String(60), nullable=False),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("corpus_version", sa.String(64), nullable=False),
        sa.Column("session_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_feedback"),
        _session_key("feedback", "SET NULL"),
        sa.CheckConstraint("rating IN (-1, 1)", name="ck_feedback_rating_plus_minus_one"),
    )
    op.create_index("ix_feedback_created_at", "feedback", ["created_at"])
    op.create_index("ix_feedback_session_id", "feedback", ["session_id"])


def downgrade() -> None:
    op.drop_table("feedback")
    op.drop_table("session_events")
    op.drop_table("class_sessions")


def _session_key(table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    """The foreign key from `table`.session_id to the class session it belongs to."""
    return sa.ForeignKeyConstraint(
        ["session_id"],
        ["class_sessions.id"],
        name=f"fk_{table}_session_id_class_sessions",
        ondelete=ondelete,
    )
