"""For the hard moment and the long road: waits, hard dates, "Not today", and kept notes marked.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("set_aside_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("known_offered", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("breathing_message_id", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(
            sa.Column("set_aside", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("journal_entries") as batch:
        batch.add_column(
            sa.Column("known", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "steady_waits",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["people.chat_id"],
            name="fk_steady_waits_chat_id_people",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("chat_id", name="pk_steady_waits"),
    )
    op.create_index("ix_steady_waits_due_at", "steady_waits", ["due_at"])
    op.create_table(
        "hard_dates",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
            autoincrement=True,
        ),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=False),
        sa.Column("day", sa.SmallInteger(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=True),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("eve", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("eve_sent_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["people.chat_id"],
            name="fk_hard_dates_chat_id_people",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_hard_dates"),
    )
    op.create_index("ix_hard_dates_chat_id", "hard_dates", ["chat_id"])


def downgrade() -> None:
    op.drop_index("ix_hard_dates_chat_id", table_name="hard_dates")
    op.drop_table("hard_dates")
    op.drop_index("ix_steady_waits_due_at", table_name="steady_waits")
    op.drop_table("steady_waits")
    with op.batch_alter_table("journal_entries") as batch:
        batch.drop_column("known")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("set_aside")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("breathing_message_id")
        batch.drop_column("known_offered")
        batch.drop_column("set_aside_on")
