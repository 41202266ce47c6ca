"""Downgrades that would drop a protection (a lock, a binding) or people's writing refuse to run
unless asked for by name: `storage.migrate.downgrade(..., drop_protections=True)`, or
`alembic -x drop_protections=yes downgrade …`."""

from __future__ import annotations

from alembic import context

FLAG = "drop_protections"


class ProtectionKept(Exception):
    """A downgrade would drop a protection or people's writing, and was not asked to."""


def refuse_unless_asked(what: str) -> None:
    """Stop a downgrade that would drop `what`, unless the operator said so explicitly."""
    asked = context.config.attributes.get(FLAG) is True
    asked = asked or context.get_x_argument(as_dictionary=True).get(FLAG) == "yes"
    if not asked:
        raise ProtectionKept(
            f"This downgrade would drop {what}; nothing was changed. If that is really meant, "
            f"run it again with -x {FLAG}=yes."
        )
