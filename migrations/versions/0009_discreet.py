"""Discreet delivery: a reflection arrives as a neutral line, and shows only when Read is pressed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.protections import refuse_unless_asked

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(
            sa.Column("discreet", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    refuse_unless_asked("discreet delivery (titles would show on lock screens again)")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("discreet")
