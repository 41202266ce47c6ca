"""The private journal (encrypted entries), and the bot's recent messages for clearing a chat.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.protections import refuse_unless_asked

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_entries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("reflection_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["people.chat_id"],
            name=op.f("fk_journal_entries_chat_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
        sa.UniqueConstraint("chat_id", "message_id", name=op.f("uq_journal_entries_chat_id")),
    )
    op.create_index(
        "ix_journal_entries_chat_id_created_at", "journal_entries", ["chat_id", "created_at"]
    )
    op.create_table(
        "sent_messages",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "message_id", name=op.f("pk_sent_messages")),
    )
    op.create_index(op.f("ix_sent_messages_sent_at"), "sent_messages", ["sent_at"])


def downgrade() -> None:
    refuse_unless_asked("every journal entry")
    op.drop_index(op.f("ix_sent_messages_sent_at"), table_name="sent_messages")
    op.drop_table("sent_messages")
    op.drop_index("ix_journal_entries_chat_id_created_at", table_name="journal_entries")
    op.drop_table("journal_entries")
