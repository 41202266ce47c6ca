"""The delivery engine's own planning: when a reflection also offers check-ins."""

from __future__ import annotations

from storage.models import Person

CHECKIN_OFFER_AT = 7  # reflections received before check-ins are offered, once


def offer_checkins_if_due(person: Person, position: tuple[int, list[str]] | None) -> bool:
    """Offer check-ins with the reflection about to go if it is the one; return whether it does."""
    received = len(position[1]) if position and position[0] == 1 else None
    if person.checkins or person.checkins_offered or received != CHECKIN_OFFER_AT - 1:
        return False
    person.checkins_offered = True
    return True
