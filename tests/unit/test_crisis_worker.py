"""The crisis check in its worker process: the same answers, and never none when it dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from safety.assess import Answer
from safety.meaning import check_meaning
from safety.worker import CrisisWorker, WorkerUnavailable, assess_here

TEXTS = (
    "I want to die, I have the pills counted out on the table.",
    "He put his hands round my neck last night and I couldn't breathe.",
    "Thank you for today's reflection, it was a gentle one.",
    "I slept badly again and cried at a film, but I'm okay.",
)


@pytest.fixture
def worker() -> Iterator[CrisisWorker]:
    found = CrisisWorker(check_meaning())
    yield found
    found.close()


async def test_the_worker_process_answers_as_the_check_does_here(worker: CrisisWorker) -> None:
    assert worker.warm().result(timeout=60) is None
    for text in TEXTS:
        assert await worker.assess(text) == assess_here(text)
    assert (await worker.assess(TEXTS[0])).answer is Answer.FULL


async def test_a_crisis_message_is_answered_while_the_worker_is_replaced(
    worker: CrisisWorker,
) -> None:
    worker.warm().result(timeout=60)
    pool = worker._running()
    processes = list(pool._processes.values())
    assert processes and all(process.pid != os.getpid() for process in processes)
    for process in processes:
        process.kill()
        process.join()
    stand_in = await worker.assess(TEXTS[1])
    assert stand_in.answer is Answer.ASK and stand_in.kinds == ("danger",)  # the patterns alone
    await worker.ready()  # a new process was started at once
    assert await worker.assess(TEXTS[1]) == assess_here(TEXTS[1])  # and answers in full


def explode(*_: object) -> None:
    """Fail as a check in the worker might (imported there by name)."""
    raise MemoryError


async def test_a_check_that_fails_or_is_slow_leaves_the_patterns_to_answer(
    worker: CrisisWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    await worker.ready()
    monkeypatch.setattr("safety.worker.assess_here", explode)
    failed = await worker.assess(TEXTS[0])
    assert failed.answer is Answer.ASK and failed.kinds == ("self",)
    monkeypatch.undo()
    slow = CrisisWorker(check_meaning(), deadline=0.000_001)
    try:
        late = await slow.assess(TEXTS[1])
        assert late.answer is Answer.ASK and late.kinds == ("danger",)
    finally:
        slow.close()


async def test_a_worker_that_cannot_load_the_model_stops_the_start(
    worker: CrisisWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("safety.worker._ready", explode)
    with pytest.raises(WorkerUnavailable, match="could not load the model"):
        await worker.ready()


KILLED_BOT = """
import os
from safety.worker import crisis_worker
if __name__ == "__main__":
    worker = crisis_worker()
    worker.warm().result(timeout=60)
    print(*worker._running()._processes, flush=True)
    os.kill(os.getpid(), 9)
"""


def test_the_worker_ends_when_the_bot_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "killed_bot.py"
    script.write_text(KILLED_BOT)
    ran = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert ran.returncode == -signal.SIGKILL
    worker = int(ran.stdout.split()[0])
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
