"""A scripted console session: typed lines in, the bot's words out, a week in a minute."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.integration.test_running import MAIN, program_environment

SCRIPT = [
    "/start",
    "2",  # 08:00
    "Dublin",
    "1",  # every day
    "2",  # nobody else sees this phone
    ":next",
    "It made me think of my sister",
    ":days 2",
    "/journal",
    "/sos",
    ":nonsense",
    ":quit",
]


async def run_console(lines: list[str], cwd: Path) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(MAIN),
        "console",
        cwd=cwd,
        env=program_environment(),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate("\n".join(lines).encode()), 120)
    assert process.returncode == 0, err.decode()
    assert err.decode() == ""  # nothing logged to the terminal
    return out.decode()


async def test_a_scripted_console_session(tmp_path: Path) -> None:
    transcript = await run_console(SCRIPT, tmp_path)
    assert "Within, in your terminal. Nothing here reaches Telegram." in transcript
    assert "  1. 07:00\n  2. 08:00" in transcript
    assert "Your first reflection will arrive on" in transcript and "(Dublin time)" in transcript
    reflections = transcript.count("  Today's reflection")
    assert reflections == 3  # :next, then two more days
    assert "  Leaning on someone" in transcript and "  Why it hurts this much" in transcript
    assert "  ▎ In a healthy relationship" in transcript
    assert "Kept in your journal, with “Leaning on someone”." in transcript
    assert "· Leaning on someone\n  It made me think of my sister" in transcript
    assert "Call 112 or 999." in transcript
    assert "That isn't a console command." in transcript
    assert transcript.rstrip().endswith("Goodbye.")


async def test_the_console_answers_odd_digits_kindly(tmp_path: Path) -> None:
    transcript = await run_console(["/start", "²", ":days ²", "½", "/help"], tmp_path)
    assert "That isn't a console command." in transcript  # ":days ²"
    assert "Within sends one short reflection a day" in transcript  # still going after them
    assert transcript.rstrip().endswith("Goodbye.")


async def test_the_console_ends_at_the_end_of_input(tmp_path: Path) -> None:
    transcript = await run_console(["/help"], tmp_path)
    assert "Within sends one short reflection a day" in transcript
    assert transcript.rstrip().endswith("Goodbye.")
    assert not (tmp_path / "data").exists()  # a temporary workspace, not the operator's data


async def test_the_console_shows_breathing_in_place_and_lets_a_wait_end(tmp_path: Path) -> None:
    script = ["/start", "2", "Dublin", "1", "2", "/steady", "1", "/steady", "3", "1"]
    transcript = await run_console([*script, ":minutes 9", ":minutes 1", ":quit"], tmp_path)
    assert transcript.count("[a message above now reads]") == 12  # each breath, then the end
    assert "  [6 seconds]" in transcript and "That's the end." in transcript
    before, _, after = transcript.partition("[it is now")
    assert "The time you chose is up." not in before
    assert after.count("The time you chose is up. How is it now?") == 1
