"""What a person's next typed text answers: a question's kind and what it needs to go on.

Stored in `people.awaiting` as a short string, `kind[/field…]` ("time/setup", "plan/signs/step",
"passcode/journal"). Strings in the shape used before (`"plan:signs+"`) are still read, so a
row written by an older process is never misread; anything else means no question.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from states.kinds import PlanPart


class Question(StrEnum):
    TIME = "time"  # a time of day for reflections
    ZONE = "zone"  # a place or time zone
    PLAN = "plan"  # one part of the safety plan, in the person's words
    NEW_PASSCODE = "new-passcode"  # a passcode to set (deleted once read, never kept)
    PASSCODE = "passcode"  # the passcode, to open something behind the lock
    DATE_DAY = "date-day"  # a date to note, for /dates
    DATE_LABEL = "date-label"  # the person's own name for it (kept encrypted)


class Unlocks(StrEnum):
    """What the right passcode opens: the step that asked for it goes on once it is typed."""

    JOURNAL = "journal"
    EXPORT = "export"
    PLAN = "plan"
    WEEKS = "weeks"
    REMOVE = "remove"  # taking the lock off
    KNOWN = "known"
    DATES = "dates"


STEP = "step"  # a step of set-up, or of writing the whole plan: the next question follows
SETUP_KINDS = frozenset({Question.TIME, Question.ZONE, Question.PLAN})
# The shape used before: a plain value, "+" for a step.
EARLIER = {
    "time": "time",
    "tz": "zone",
    "lock:new": "new-passcode",
    "date:day": "date-day",
    "date:label": "date-label",
}
KINDS = frozenset(question.value for question in Question)


@dataclass(frozen=True, slots=True)
class Awaiting:
    """A question the bot asked and the next typed text answers."""

    question: Question
    step: bool = False  # time or place: a step of set-up; plan: a step of the whole plan
    part: PlanPart | None = None  # which part of the plan (Question.PLAN only)
    unlocks: Unlocks | None = None  # what the passcode opens (Question.PASSCODE only)

    def __post_init__(self) -> None:
        if (self.part is None) == (self.question is Question.PLAN):
            raise ValueError("a plan question, and only one, names its part")
        if (self.unlocks is None) == (self.question is Question.PASSCODE):
            raise ValueError("a passcode question, and only one, names what it opens")
        if self.step and self.question not in SETUP_KINDS:
            raise ValueError(f"a {self.question} question is never a step")

    @property
    def passcode(self) -> bool:
        """Tell whether the answer is a passcode (deleted once read, never kept)."""
        return self.question in (Question.PASSCODE, Question.NEW_PASSCODE)

    def stored(self) -> str:
        """Return the string kept in the database."""
        fields = [self.question.value]
        if self.part is not None:
            fields.append(self.part.value)
        if self.unlocks is not None:
            fields.append(self.unlocks.value)
        if self.step:
            fields.append(STEP)
        return "/".join(fields)

    @classmethod
    def read(cls, value: str | None) -> Awaiting | None:
        """Read a stored value; anything unknown (from another version) means no question."""
        if not value:
            return None
        try:
            known = value.partition("/")[0] in KINDS
            return cls._parse(value) if known else cls._earlier(value)
        except ValueError:
            return None

    @classmethod
    def _parse(cls, value: str) -> Awaiting:
        kind, *fields = value.split("/")
        question = Question(kind)
        step = bool(fields) and fields[-1] == STEP
        if step:
            fields.pop()
        if len(fields) > 1:
            raise ValueError(value)
        field = fields[0] if fields else None
        if question is Question.PLAN:
            return cls(question, step, part=PlanPart(field or ""))
        if question is Question.PASSCODE:
            return cls(question, step, unlocks=Unlocks(field or ""))
        if field is not None:
            raise ValueError(value)
        return cls(question, step)

    @classmethod
    def _earlier(cls, value: str) -> Awaiting:
        """Read the shape used before: "tz+", "plan:signs+", "lock:journal"."""
        step = value.endswith("+")
        bare = value.removesuffix("+")
        if bare.startswith("plan:"):
            return cls(Question.PLAN, step, part=PlanPart(bare.removeprefix("plan:")))
        if bare in EARLIER:
            return cls(Question(EARLIER[bare]), step)
        if bare.startswith("lock:"):
            return cls(Question.PASSCODE, step, unlocks=Unlocks(bare.removeprefix("lock:")))
        raise ValueError(value)


def time_question(*, setup: bool) -> Awaiting:
    return Awaiting(Question.TIME, setup)


def zone_question(*, setup: bool) -> Awaiting:
    return Awaiting(Question.ZONE, setup)


def plan_question(part: PlanPart, *, step: bool) -> Awaiting:
    return Awaiting(Question.PLAN, step, part=part)


def passcode_question(unlocks: Unlocks) -> Awaiting:
    return Awaiting(Question.PASSCODE, unlocks=unlocks)


NEW_PASSCODE = Awaiting(Question.NEW_PASSCODE)
DATE_DAY = Awaiting(Question.DATE_DAY)
DATE_LABEL = Awaiting(Question.DATE_LABEL)


def every_question() -> Iterator[Awaiting]:
    """Yield every question the bot can be waiting on (for tests that must cover them all)."""
    for setup in (False, True):
        yield time_question(setup=setup)
        yield zone_question(setup=setup)
        for part in PlanPart:
            yield plan_question(part, step=setup)
    yield NEW_PASSCODE
    yield from (passcode_question(unlocks) for unlocks in Unlocks)
    yield DATE_DAY
    yield DATE_LABEL
