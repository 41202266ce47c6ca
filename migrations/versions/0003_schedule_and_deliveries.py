"""Pauses, skips and set-up progress; one delivery record per person per local date.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(
            sa.Column("setup_complete", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("skip_through", sa.Date(), nullable=True))
    # People who started before set-up existed chose nothing; their defaults stand as chosen.
    op.execute("UPDATE people SET setup_complete = true")
    op.create_table(
        "deliveries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("reflection_id", sa.String(length=64), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["people.chat_id"],
            name=op.f("fk_deliveries_chat_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("chat_id", "local_date", name=op.f("uq_deliveries_chat_id")),
    )
    op.create_index(op.f("ix_deliveries_chat_id"), "deliveries", ["chat_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_deliveries_chat_id"), table_name="deliveries")
    op.drop_table("deliveries")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("skip_through")
        batch.drop_column("paused_until")
        batch.drop_column("setup_complete")
