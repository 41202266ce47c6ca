"""The delivery engine: each tick finds who is due, claims them, sends, and records the outcome."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

import metrics
from reflections.journey import Step
from scheduler.clock import Clock
from scheduler.lock import SenderLock
from states.kinds import DeliveryStatus
from storage import deliveries as records
from storage import people
from storage.database import Database
from storage.deliveries import SentRecord
from storage.models import Person
from storage.steadying import falls_on, hard_dates_of, people_with_marks
from timing.local import latest_occurrence, local_date
from usecases.planning import journey_step, offer_checkins_if_due, plan_next, taken_through

log = logging.getLogger(__name__)


class Unreachable(Exception):
    """The person blocked the bot, deleted their account, or the chat is gone."""


class Transient(Exception):
    """A network fault, a timeout or a 5xx: worth trying again."""


class Rejected(Exception):
    """Telegram refused this message itself; trying again would not help."""


@dataclass(frozen=True, slots=True)
class Shown:
    """How a reflection arrives and what goes under it: only the sender reads these."""

    checkin_on: date | None = None  # the one-tap check-in under it, for this local date
    offer_checkins: bool = False  # offer check-ins, once, with the seventh reflection
    offer_known: bool = False  # offer, once, the notes marked "Something I know"
    discreet: bool = False  # arrive as a neutral line; the reflection shows when Read is pressed


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A claimed delivery, ready to render and send."""

    delivery_id: int
    chat_id: int
    reflection_id: str
    starts_round: bool
    silent: bool
    due_at: datetime
    shown: Shown = Shown()  # a resend carries none of it


Sender = Callable[[Outgoing], Awaitable[int]]  # returns Telegram's message id


@dataclass
class TickReport:
    due: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    deactivated: int = 0
    skipped: int = 0
    recovered: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"tick: due={self.due} sent={self.sent} retried={self.retried} failed={self.failed} "
            f"deactivated={self.deactivated} skipped={self.skipped} recovered={self.recovered} "
            f"in {self.seconds * 1000:.0f} ms"
        )


@dataclass
class EngineSettings:
    catch_up: timedelta
    batch_size: int = 500
    concurrency: int = 4
    retry_delays: tuple[float, ...] = (0.5, 1.0, 2.0)
    recovery_grace: timedelta = field(default_factory=lambda: timedelta(seconds=30))
    drain: bool = True  # keep claiming while full batches are found (see DeliveryEngine.tick)


class DeliveryEngine:
    """Delivers due reflections exactly once per person per local date."""

    def __init__(
        self,
        database: Database,
        order: Callable[[], list[str]],
        send: Sender,
        clock: Clock,
        settings: EngineSettings,
        keep_going: Callable[[], bool] = lambda: True,
        gentler: Callable[[date], str] | None = None,
        doubting: frozenset[str] = frozenset(),
    ) -> None:
        """`gentler` names the steadying reflection for a hard date (None: hard dates are not
        looked at); `doubting` holds the journey's reflections about doubting oneself."""
        self.database = database
        self.order = order
        self.send = send
        self.clock = clock
        self.settings = settings
        self.keep_going = keep_going
        self.gentler = gentler
        self.doubting = doubting
        self.lock = SenderLock(database)

    async def tick(self) -> TickReport:
        """Run one tick; only the process holding the sender lock sends.

        With `drain`, a tick goes on claiming for as long as full batches are found, and claims
        the next batch while the last one is still being sent, so sending never pauses between
        batches or ticks while a busy minute lasts.
        """
        started = time.perf_counter()
        report = TickReport()
        if not await self.lock.acquire():
            return report
        async with self._senders(report) as queue:
            for item in await self._recover(report):
                await queue.put(item)
            while True:
                claimed, found = await self._claim_due(report)
                report.due += len(claimed)
                for item in claimed:  # waits while a whole batch is still queued
                    await queue.put(item)
                more = found == self.settings.batch_size  # a full batch: others may be waiting
                if not (more and self.settings.drain and self.keep_going()):
                    break
        report.due += report.recovered
        report.seconds = time.perf_counter() - started
        _count(report)
        if report.due or report.skipped or report.recovered:
            log.info(report.line(), extra={"counts": asdict(report)})
        return report

    async def _recover(self, report: TickReport) -> list[Outgoing]:
        """Resend claims a dead sender left behind; forget those too late to send."""
        now = self.clock()
        outgoing = []
        async with self.database.sessions.begin() as session:
            left = await records.abandoned_claims(session, now - self.settings.recovery_grace)
            for delivery, silent in left:
                if now - delivery.created_at > self.settings.catch_up:
                    await records.release(session, delivery.id)
                    report.skipped += 1
                    continue
                outgoing.append(
                    Outgoing(
                        delivery.id,
                        delivery.chat_id,
                        delivery.reflection_id,
                        starts_round=False,
                        silent=silent,
                        due_at=delivery.due_at or delivery.created_at,
                    )
                )
        report.recovered = len(outgoing)
        return outgoing

    async def _claim_due(self, report: TickReport) -> tuple[list[Outgoing], int]:
        """Claim a batch of those due, moving each one's next delivery on, in one transaction.

        Returns the claims, and how many people were found due (some may have been skipped).
        """
        now = self.clock()
        order = self.order()
        async with self.database.sessions.begin() as session:
            due = await people.due_people(session, now, self.settings.batch_size)
            chat_ids = [person.chat_id for person in due]
            last_dates = await records.last_delivery_dates(session, chat_ids)
            rounds = await records.current_rounds(session, chat_ids)
            hard = await hard_dates_of(session, chat_ids) if self.gentler else {}
            doubting: list[Person] = []  # on a reflection about doubting oneself, not yet offered
            planned: dict[int, tuple[Person, datetime, Step, date, Extras]] = {}
            rows: list[dict[str, object]] = []
            for person in due:
                after = taken_through(person, last_dates.get(person.chat_id))
                owed = latest_occurrence(
                    now=now,
                    timezone=person.timezone,
                    send_time=person.send_time,
                    days=person.days,
                    after_date=after,
                    not_before=person.paused_until,
                )
                if owed is None or now - owed > self.settings.catch_up:
                    report.skipped += 1  # too late: skip that day quietly
                else:
                    on = local_date(owed, person.timezone)
                    step = journey_step(order, rounds.get(person.chat_id))
                    extras = Extras()
                    if self.gentler and any(falls_on(d, on) for d in hard.get(person.chat_id, [])):
                        step = Step(self.gentler(on), step.round, starts_round=False)
                        extras = Extras(gentler=True)
                    else:
                        offer = offer_checkins_if_due(person, rounds.get(person.chat_id))
                        extras = Extras(offer)
                        if step.reflection_id in self.doubting and not person.known_offered:
                            doubting.append(person)
                    planned[person.chat_id] = (person, owed, step, on, extras)
                    rows.append(
                        {
                            "chat_id": person.chat_id,
                            "local_date": on,
                            "reflection_id": step.reflection_id,
                            "round": step.round,
                            "status": DeliveryStatus.CLAIMED,
                            "created_at": now,
                            "due_at": owed,
                            "set_aside": extras.gentler,
                        }
                    )
                    after = on  # that date is taken now, by this claim or an earlier one
                plan_next(person, now, after)
            claimed = await records.claim_many(session, rows)
            offer_known = await _offer_known(session, doubting)
            outgoing = []
            for delivery_id, chat_id, reflection_id in claimed:
                person, owed, step, on, extras = planned[chat_id]
                person.awaiting = None  # a new reflection ends any question left unanswered
                outgoing.append(
                    Outgoing(
                        delivery_id,
                        chat_id,
                        reflection_id,
                        step.starts_round,
                        person.silent,
                        owed,
                        Shown(
                            checkin_on=on if person.checkins else None,
                            offer_checkins=extras.offer_checkins,
                            offer_known=chat_id in offer_known,
                            discreet=person.discreet,
                        ),
                    )
                )
            return outgoing, len(due)

    @contextlib.asynccontextmanager
    async def _senders(self, report: TickReport) -> AsyncIterator[asyncio.Queue[Outgoing | None]]:
        """Yield a queue that `concurrency` senders work through; wait for them at the end."""
        queue: asyncio.Queue[Outgoing | None] = asyncio.Queue(maxsize=self.settings.batch_size)
        recorder = _Recorder(self.database, limit=self.settings.concurrency)

        async def sender() -> None:
            while (item := await queue.get()) is not None:
                try:
                    await self._send_one(item, report, recorder)
                except Exception as error:  # the claim stays; a later tick recovers it
                    log.error(
                        "sending reflection %s failed (%s)",
                        item.reflection_id,
                        type(error).__name__,
                    )

        flusher = asyncio.create_task(recorder.keep_flushing())
        senders = [asyncio.create_task(sender()) for _ in range(self.settings.concurrency)]
        try:
            yield queue
        finally:
            for _ in senders:
                await queue.put(None)  # each sender stops once the queue ahead of it is done
            await asyncio.gather(*senders)
            recorder.done.set()  # never cancel a flush mid-transaction: let it finish
            await flusher
            await recorder.flush()

    async def _send_one(self, item: Outgoing, report: TickReport, recorder: _Recorder) -> None:
        """Send with retries; outcomes are recorded within moments, so a crash repeats little."""
        delays = self.settings.retry_delays
        for attempt in range(len(delays) + 1):
            if not self.keep_going():
                await self._give_back(item)  # shutting down: leave it for the next start
                return
            try:
                message_id = await self.send(item)
            except Unreachable:
                await self._deactivate(item)
                report.deactivated += 1
                return
            except Rejected as error:
                log.error("Telegram refused reflection %s (%s)", item.reflection_id, error)
                await self._mark_failed(item)
                report.failed += 1
                return
            except Transient:
                if attempt == len(delays):
                    await self._give_back(item)
                    report.failed += 1
                    return
                report.retried += 1
                await asyncio.sleep(delays[attempt])
                continue
            answered = self.clock()
            await recorder.sent(item.delivery_id, message_id, answered)
            metrics.LATENESS.observe(max(0.0, (answered - item.due_at).total_seconds()))
            report.sent += 1
            return

    async def _give_back(self, item: Outgoing) -> None:
        """Release the claim and make the person due again, for a later tick to try."""
        async with self.database.sessions.begin() as session:
            await records.release(session, item.delivery_id)
            await people.make_due_again(session, item.chat_id, item.due_at)

    async def _deactivate(self, item: Outgoing) -> None:
        async with self.database.sessions.begin() as session:
            await records.release(session, item.delivery_id)
            await people.mark_blocked(session, item.chat_id)

    async def _mark_failed(self, item: Outgoing) -> None:
        async with self.database.sessions.begin() as session:
            await records.mark_failed(session, item.delivery_id)


@dataclass(frozen=True, slots=True)
class Extras:
    """What a claimed delivery carries beside its reflection."""

    offer_checkins: bool = False
    gentler: bool = False


async def _offer_known(session: AsyncSession, doubting: list[Person]) -> set[int]:
    """Return who is offered their marked notes with this reflection (once, if they have any);
    note the offer. Only people on a reflection about doubting themselves are looked up."""
    if not doubting:
        return set()
    marked = await people_with_marks(session, [person.chat_id for person in doubting])
    for person in doubting:
        person.known_offered = person.known_offered or person.chat_id in marked
    return marked


def _count(report: TickReport) -> None:
    """Add a tick's outcomes to the metrics."""
    metrics.TICK.observe(report.seconds)
    metrics.DUE.set(report.due)
    for outcome in ("sent", "retried", "failed", "deactivated", "skipped", "recovered"):
        metrics.REFLECTIONS.labels(outcome).inc(getattr(report, outcome))


class _Recorder:
    """Write 'sent' outcomes in small batches: at most `limit` wait, and never over 50 ms."""

    INTERVAL = 0.05

    def __init__(self, database: Database, limit: int) -> None:
        self.database = database
        self.limit = limit
        self.pending: list[SentRecord] = []
        self.lock = asyncio.Lock()
        self.done = asyncio.Event()

    async def sent(self, delivery_id: int, message_id: int, at: datetime) -> None:
        self.pending.append(SentRecord(delivery_id, message_id, at))
        if len(self.pending) >= self.limit:
            await self.flush()

    async def keep_flushing(self) -> None:
        while not self.done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.done.wait(), self.INTERVAL)
            await self.flush()

    async def flush(self) -> None:
        async with self.lock:
            batch, self.pending = self.pending, []
            if batch:
                async with self.database.sessions.begin() as session:
                    await records.record_sent(session, batch)
