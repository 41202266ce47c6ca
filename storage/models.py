"""Tables, as SQLAlchemy 2 declarative models; every change comes with a migration."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

from states.awaiting import Awaiting
from states.kinds import DeliveryStatus, EntryStatus, PersonStatus
from storage.crypto import Owner, checkin_owner, date_owner, entry_owner, plan_owner
from storage.types import AwaitingText, UTCDateTime

UNNAMED = b""  # a hard date noted, its name not yet given
EVERY_DAY = 0b1111111  # bit 0 is Monday, as in date.weekday()

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# An unanswered question (a time, a place, a part of the plan, a passcode) lasts this long; after
# it, or after any command or a new reflection, the next typed text is a note again.
QUESTION_LIFETIME = timedelta(hours=3)


def utc_now() -> datetime:
    """Return the current instant, timezone-aware."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Person(Base):
    """Someone who has started the bot in a private chat, and their schedule."""

    __tablename__ = "people"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16), default=PersonStatus.ACTIVE)
    timezone: Mapped[str] = mapped_column(String(64))
    send_time: Mapped[time] = mapped_column(Time)
    days: Mapped[int] = mapped_column(SmallInteger, default=EVERY_DAY)
    next_delivery_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    awaiting: Mapped[Awaiting | None] = mapped_column(AwaitingText(32), default=None)
    awaiting_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    silent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    setup_complete: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    skip_through: Mapped[date | None] = mapped_column(Date, default=None)
    country: Mapped[str | None] = mapped_column(String(16), default=None)
    # The days of a distress answer and of the safety question (asked after risk words or a
    # "very low" check-in) are kept only as keyed marks of the day (JournalCipher.day_mark), so
    # a database reader cannot tell which days they were.
    distress_mark: Mapped[str | None] = mapped_column(String(64), default=None)
    checkins: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    discreet: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    lock_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    lock_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lock_wait_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    unlocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    checkins_offered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    set_aside_on: Mapped[date | None] = mapped_column(Date, default=None)  # "Not today", once a day
    known_offered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The message slow breathing is being shown in, while it runs: Stop, in any process, clears it.
    breathing_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # Until set-up ends: the welcome, which names the topic, so discreet delivery can reword it.
    welcome_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    safety_mark: Mapped[str | None] = mapped_column(String(64), default=None)
    passcode_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    @validates("awaiting")
    def _asked_now(self, _key: str, value: Awaiting | None) -> Awaiting | None:
        """Note when a question was asked, so that a stale one expires (see `pending`)."""
        self.awaiting_at = utc_now() if value else None
        return value

    def pending(self) -> Awaiting | None:
        """Return the question the next typed text answers, unless it has gone stale.

        A question left unanswered for QUESTION_LIFETIME is over: the next note is a note.
        """
        asked = self.awaiting_at
        if self.awaiting is None or asked is None or utc_now() - asked > QUESTION_LIFETIME:
            return None
        return self.awaiting


class Delivery(Base):
    """One reflection for one person on one local date: at most one per date, by constraint."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("chat_id", "local_date"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("people.chat_id", ondelete="CASCADE"), index=True
    )
    local_date: Mapped[date] = mapped_column(Date)
    reflection_id: Mapped[str] = mapped_column(String(64))
    round: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.CLAIMED)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)  # chosen time
    # Not a step of the journey: a reflection set aside ("Not today"), or a steadying one sent
    # on a hard date. The journey does not move on for it.
    set_aside: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class JournalEntry(Base):
    """Something a person wrote and chose to keep; the text is only ever stored encrypted."""

    __tablename__ = "journal_entries"
    __table_args__ = (
        UniqueConstraint("chat_id", "message_id"),
        Index("ix_journal_entries_chat_id_created_at", "chat_id", "created_at"),
        Index("ix_journal_entries_chat_id_id", "chat_id", "id"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("people.chat_id", ondelete="CASCADE")
    )
    message_id: Mapped[int] = mapped_column(BigInteger)
    reflection_id: Mapped[str | None] = mapped_column(String(64), default=None)
    status: Mapped[str] = mapped_column(String(16), default=EntryStatus.KEPT)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    known: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # One more with each edit; the token is bound to it, so an older token put back is refused.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def owner(self) -> Owner:
        return entry_owner(self.chat_id, self.message_id, self.version)


class CheckIn(Base):
    """How someone felt on one local date, if they chose to say; stored only encrypted."""

    __tablename__ = "checkins"

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("people.chat_id", ondelete="CASCADE"), primary_key=True
    )
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def owner(self) -> Owner:
        return checkin_owner(self.chat_id, self.local_date)


class PlanEntry(Base):
    """One part of a person's safety plan, in their own words; stored only encrypted."""

    __tablename__ = "plan_parts"

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("people.chat_id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[str] = mapped_column(String(16), primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def owner(self) -> Owner:
        return plan_owner(self.chat_id, self.part)


class SteadyWait(Base):
    """A wait for an urge to pass: only when to come back, once; deleted as it is sent."""

    __tablename__ = "steady_waits"

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("people.chat_id", ondelete="CASCADE"), primary_key=True
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class HardDate(Base):
    """A date a person noted as hard, with their own name for it, stored only encrypted.

    The day and month (and the year, for a date that comes once) stay readable, so the
    delivery engine can find it; the name never is.
    """

    __tablename__ = "hard_dates"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("people.chat_id", ondelete="CASCADE"), index=True
    )
    month: Mapped[int] = mapped_column(SmallInteger)
    day: Mapped[int] = mapped_column(SmallInteger)
    year: Mapped[int | None] = mapped_column(SmallInteger, default=None)  # None: every year
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary, default=UNNAMED)  # empty: unnamed yet
    eve: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    eve_sent_on: Mapped[date | None] = mapped_column(Date, default=None)  # the eve, once
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    @property
    def owner(self) -> Owner:
        return date_owner(self.chat_id, self.id)


class SentMessage(Base):
    """A message in a private chat, the bot's or the person's: its id only, kept 48 hours so
    that the chat can be cleared on request."""

    __tablename__ = "sent_messages"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)


class KeyFact(Base):
    """Something known about the stored tokens, by name: "bound" once every token names its
    owner, after which a token from before binding is refused wherever it turns up."""

    __tablename__ = "key_facts"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    noted_at: Mapped[datetime] = mapped_column(UTCDateTime)
