"""Fixtures for integration tests only."""

from __future__ import annotations

import pytest

from fake_bot_api.harness import BotHarness
from tests.integration.helpers import Words


@pytest.fixture
def words(bot: BotHarness) -> Words:
    """The running bot's messages by wording key, as a person sees them."""
    return Words.of(bot)
