"""When the pending question was asked (so a stale one expires), and the local date the safety
question was last asked (so it comes once a day at most).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("awaiting_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("safety_asked_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("safety_asked_on")
        batch.drop_column("awaiting_at")
