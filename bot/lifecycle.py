"""Run an Application's whole lifecycle ourselves, for the worker and the webhook server."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator
from typing import Any

from telegram.ext import Application


@contextlib.asynccontextmanager
async def running(application: Application[Any, Any, Any, Any, Any, Any]) -> AsyncIterator[None]:
    """Initialise and start the application with its hooks; stop and shut it down on leaving."""
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        try:
            yield
        finally:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


async def until_signalled() -> None:
    """Wait for SIGINT or SIGTERM."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stopping.set)
    await stopping.wait()
