"""Journal pages are read a page at a time, by entry id within one person's chat.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_journal_entries_chat_id_id", "journal_entries", ["chat_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_journal_entries_chat_id_id", table_name="journal_entries")
