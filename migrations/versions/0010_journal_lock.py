"""An optional journal lock: a passcode's slow salted hash, tries, and a short unlocked window.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.protections import refuse_unless_asked

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("lock_hash", sa.String(length=200), nullable=True))
        batch.add_column(
            sa.Column("lock_failures", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("lock_wait_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("unlocked_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    refuse_unless_asked("the journal lock (locked journals would open without a passcode)")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("unlocked_until")
        batch.drop_column("lock_wait_until")
        batch.drop_column("lock_failures")
        batch.drop_column("lock_hash")
