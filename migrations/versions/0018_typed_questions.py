"""What the bot waits for is written as a kind and its fields ("plan/signs/step"), not packed
into a string ("plan:signs+"). Rows in the earlier shape are rewritten; the reader still takes
the earlier shape, so a row an older process writes meanwhile is read the same.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

PLAN_PARTS = ("signs", "alone", "distract", "people", "services", "surroundings", "matters")
UNLOCKS = ("journal", "export", "plan", "weeks", "remove", "known", "dates")
PLAIN = {
    "time": "time",
    "tz": "zone",
    "lock:new": "new-passcode",
    "date:day": "date-day",
    "date:label": "date-label",
}


def earlier_to_now() -> dict[str, str]:
    """Return each earlier stored value and what it is written as now (fixed at this revision)."""
    pairs = dict(PLAIN)
    pairs.update({f"{old}+": f"{new}/step" for old, new in PLAIN.items() if old in ("time", "tz")})
    for part in PLAN_PARTS:
        pairs[f"plan:{part}"] = f"plan/{part}"
        pairs[f"plan:{part}+"] = f"plan/{part}/step"
    pairs.update({f"lock:{unlocks}": f"passcode/{unlocks}" for unlocks in UNLOCKS})
    return pairs


def _rewrite(pairs: dict[str, str]) -> None:
    people = sa.table("people", sa.column("awaiting", sa.String))
    for old, new in pairs.items():
        if old != new:
            op.execute(people.update().where(people.c.awaiting == old).values(awaiting=new))


def upgrade() -> None:
    _rewrite(earlier_to_now())


def downgrade() -> None:
    _rewrite({new: old for old, new in earlier_to_now().items()})
