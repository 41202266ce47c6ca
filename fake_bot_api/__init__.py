"""A fake Telegram Bot API on loopback: records what a bot sends and plays the people it talks to.

Used by the tests, the benchmarks and console mode; it never touches the network.
"""

from fake_bot_api.errors import ApiError, ConnectionDropped
from fake_bot_api.server import FakeBotApiServer
from fake_bot_api.state import Call, FakeTelegram, Trouble

__all__ = ["ApiError", "Call", "ConnectionDropped", "FakeBotApiServer", "FakeTelegram", "Trouble"]
