"""What a person, a delivery, a journal entry or a check-in can be: stored as these strings."""

from __future__ import annotations

from enum import StrEnum


class PersonStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"  # until they resume; a pause with an end date stays ACTIVE
    STOPPED = "stopped"
    BLOCKED = "blocked"


class PlanPart(StrEnum):
    """The seven parts of a personal safety plan (Stanley and Brown), in the order asked."""

    SIGNS = "signs"
    ALONE = "alone"
    DISTRACT = "distract"
    PEOPLE = "people"
    SERVICES = "services"
    SURROUNDINGS = "surroundings"
    MATTERS = "matters"


class DeliveryStatus(StrEnum):
    CLAIMED = "claimed"  # written before sending, so a crash cannot cause a second send
    SENT = "sent"
    FAILED = "failed"


class EntryStatus(StrEnum):
    KEPT = "kept"
    PENDING = "pending"  # free text, held (encrypted) while the person chooses to keep it or not


class Mood(StrEnum):
    """A one-tap check-in, in words: no faces, no scores."""

    STEADY = "steady"
    OKAY = "okay"
    LOW = "low"
    VERY_LOW = "very-low"
    UNSAID = "unsaid"  # "Rather not say"
