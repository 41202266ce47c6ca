"""Days worth remembering for a person ("asked the safety question today"), kept as keyed marks.

A column holds `JournalCipher.day_mark(kind, chat, day)`, never the date: without the journal key
a database reader cannot tell which day it was. Add a kind here, with its String(64) column.
"""

from __future__ import annotations

from datetime import date

from storage.crypto import JournalCipher
from storage.models import Person

SAFETY = "safety"  # the safety question was asked (risk words, or a "very low" check-in)
DISTRESS = "distress"  # a distress answer was given
COLUMNS = {SAFETY: "safety_mark", DISTRESS: "distress_mark"}


def first_today(cipher: JournalCipher, person: Person, kind: str, today: date) -> bool:
    """Note `today` for this kind on the person; tell whether it was not noted already."""
    column = COLUMNS[kind]
    if cipher.marks_day(getattr(person, column), kind, person.chat_id, today):
        return False
    setattr(person, column, cipher.day_mark(kind, person.chat_id, today))
    return True


def noted_today(cipher: JournalCipher, person: Person, kind: str, today: date) -> bool:
    """Tell whether this kind was noted for `today`, changing nothing."""
    return cipher.marks_day(getattr(person, COLUMNS[kind]), kind, person.chat_id, today)
