"""A fake Telegram Bot API on loopback: records what a bot sends and plays the people it talks to.

Used by the tests, the benchmarks and console mode; it never touches the network.
"""

from fake_bot_api.errors import ApiError
from fake_bot_api.server import FakeBotApiServer
from fake_bot_api.state import Call, FakeTelegram

__all__ = ["ApiError", "Call", "FakeBotApiServer", "FakeTelegram"]
