"""One-tap check-ins: whether someone uses them, and how they felt each day, encrypted.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.protections import refuse_unless_asked

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(
            sa.Column("checkins", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(
            sa.Column("checkins_offered", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("very_low_noted_on", sa.Date(), nullable=True))
    op.create_table(
        "checkins",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["people.chat_id"],
            name=op.f("fk_checkins_chat_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("chat_id", "local_date", name=op.f("pk_checkins")),
    )


def downgrade() -> None:
    refuse_unless_asked("every check-in")
    op.drop_table("checkins")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("very_low_noted_on")
        batch.drop_column("checkins_offered")
        batch.drop_column("checkins")
