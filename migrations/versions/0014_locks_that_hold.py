"""Locks that hold: when the passcode was asked, entries bound to a version, and the days of
the safety question and of distress answers kept only as keyed marks, never as dates in clear.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04

The old date columns are dropped, not converted (a mark needs the journal key, which migrations
never see): at most, the safety question or a distress answer comes once more on the day of
the upgrade. `very_low_noted_on` is no longer used (the safety question's day covers it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.protections import refuse_unless_asked

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("passcode_asked_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("safety_mark", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("distress_mark", sa.String(length=64), nullable=True))
        batch.drop_column("very_low_noted_on")
        batch.drop_column("distress_answered_on")
        batch.drop_column("safety_asked_on")
    with op.batch_alter_table("journal_entries") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "key_facts",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("noted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_key_facts")),
    )


def downgrade() -> None:
    refuse_unless_asked("the binding of edited entries to their version (they would not open)")
    op.drop_table("key_facts")
    with op.batch_alter_table("journal_entries") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("safety_asked_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("distress_answered_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("very_low_noted_on", sa.Date(), nullable=True))
        batch.drop_column("distress_mark")
        batch.drop_column("safety_mark")
        batch.drop_column("passcode_asked_at")
