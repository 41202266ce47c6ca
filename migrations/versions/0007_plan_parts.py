"""A personal safety plan, part by part, stored encrypted like the journal.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.protections import refuse_unless_asked

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_parts",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("part", sa.String(length=16), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["people.chat_id"],
            name=op.f("fk_plan_parts_chat_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("chat_id", "part", name=op.f("pk_plan_parts")),
    )


def downgrade() -> None:
    refuse_unless_asked("every safety plan")
    op.drop_table("plan_parts")
