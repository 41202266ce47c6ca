"""Button data, one codec: 'action:argument', with '+' after the action for a set-up step.

Every argument is checked against its action's pattern (ASCII only, bounded length), so a
crafted or outdated press decodes to None and is answered kindly, never acted on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_BYTES = 64  # Telegram's limit for callback data


class Action(StrEnum):
    """What a button does; the values are what old messages in people's chats still carry."""

    ASK = "ask"
    TIME = "time"
    ZONE = "tz"
    DAYS = "days"
    DAY = "day"
    PAUSE = "pause"
    RESUME = "resume"
    SKIP = "skip"
    SILENT = "silent"
    STOP = "stop"
    ERASE = "erase"
    TODAY = "today"
    SOS = "sos"
    COUNTRY = "country"
    ENTRY = "entry"
    JOURNAL = "journal"
    DELETE = "delete"
    PLAN = "plan"
    CHECKIN = "mood"
    CHECKINS = "moods"
    DISCREET = "discreet"
    READ = "read"
    SAFE = "safe"


NOTHING = ""
COUNTRY_CODE = r"[A-Z]{2}|none"
ARGUMENTS: dict[Action, re.Pattern[str]] = {
    action: re.compile(pattern, re.ASCII)
    for action, pattern in {
        Action.ASK: r"pause|time|tz|days",
        Action.TIME: r"(?:[01]\d|2[0-3])[0-5]\d",
        Action.ZONE: r"[A-Za-z][A-Za-z0-9_+-]{0,29}(?:/[A-Za-z0-9_+-]{1,30}){0,2}",
        Action.DAYS: r"all|weekdays|weekends|choose|done",
        Action.DAY: r"[0-6]",
        Action.PAUSE: r"[1-9]\d{0,2}|open",
        Action.RESUME: NOTHING,
        Action.SKIP: NOTHING,
        Action.SILENT: NOTHING,
        Action.STOP: NOTHING,
        Action.ERASE: r"yes|no",
        Action.TODAY: NOTHING,
        Action.SOS: COUNTRY_CODE,
        Action.COUNTRY: COUNTRY_CODE,
        Action.ENTRY: r"(?:keep|drop|undo)\d{1,19}",  # a BIGINT id
        Action.JOURNAL: r"[no]\d{1,19}|\d{1,5}",  # newer/older than an entry; a bare page: old
        Action.DELETE: r"all|clear|cancel",
        Action.CHECKIN: r"(?:steady|okay|low|very-low|unsaid)-20\d{6}",
        Action.CHECKINS: r"on|off|no|offer",
        Action.DISCREET: r"on|off|toggle",
        Action.READ: r"[a-z0-9]+(?:-[a-z0-9]+)*",
        Action.SAFE: r"(?:safe|not|lines)-(?:self|danger|both)",
        Action.PLAN: (
            r"start|carry|show|change|finish|"
            r"(?:skip|edit|keep|drop)-(?:signs|alone|distract|people|services|surroundings|matters)"
        ),
    }.items()
}
SETUP_STEPS = frozenset(
    {Action.TIME, Action.ZONE, Action.DAYS, Action.DAY, Action.COUNTRY, Action.DISCREET}
)


@dataclass(frozen=True, slots=True)
class Button:
    """One button's meaning: an action, its argument, and whether it is a step of set-up."""

    action: Action
    arg: str = ""
    setup: bool = False

    def encode(self) -> str:
        """Return the callback data; refuse anything decode would not read back."""
        data = f"{self.action}{'+' if self.setup else ''}:{self.arg}"
        if Button.decode(data) != self:
            raise ValueError(f"not a valid button: {data!r}")
        if len(data.encode("utf-8")) > MAX_BYTES:
            raise ValueError(f"button data over Telegram's {MAX_BYTES} bytes: {data!r}")
        return data

    @staticmethod
    def decode(data: str | None) -> Button | None:
        """Read callback data; None for anything this version does not know or did not make."""
        if not data or len(data) > MAX_BYTES:
            return None
        name, colon, arg = data.partition(":")
        setup = name.endswith("+")
        try:
            action = Action(name.removesuffix("+"))
        except ValueError:
            return None
        if not colon or (setup and action not in SETUP_STEPS):
            return None
        if not ARGUMENTS[action].fullmatch(arg):
            return None
        return Button(action, arg, setup)

    @property
    def verb(self) -> str:
        """Return the letters at the start of the argument (what to do with an entry)."""
        return self.arg.rstrip("0123456789")

    @property
    def number(self) -> int:
        """Return the digits at the end of the argument (a page, a day, an entry), or 0."""
        digits = re.search(r"\d+$", self.arg, re.ASCII)
        return int(digits[0]) if digits else 0
