"""Telegram's real error answers, to return on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ConnectionDropped(Exception):
    """The connection is reset instead of answered: before the call was handled, or after."""

    def __init__(self, handled: bool = False) -> None:
        super().__init__("connection reset")
        self.handled = handled


@dataclass(frozen=True, slots=True)
class ApiError(Exception):
    """An error answer exactly as the Bot API gives it."""

    status: int
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body

    @classmethod
    def blocked(cls) -> ApiError:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def deactivated(cls) -> ApiError:
        return cls(403, "Forbidden: user is deactivated")

    @classmethod
    def too_many_requests(cls, retry_after: int = 3) -> ApiError:
        return cls(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )

    @classmethod
    def cant_parse(cls, detail: str = "unsupported start tag") -> ApiError:
        return cls(400, f"Bad Request: can't parse entities: {detail}")

    @classmethod
    def too_long(cls) -> ApiError:
        return cls(400, "Bad Request: message is too long")

    @classmethod
    def chat_not_found(cls) -> ApiError:
        return cls(400, "Bad Request: chat not found")

    @classmethod
    def server_error(cls) -> ApiError:
        return cls(502, "Bad Gateway")

    @classmethod
    def not_found(cls) -> ApiError:
        return cls(404, "Not Found")

    @classmethod
    def unauthorized(cls) -> ApiError:
        return cls(401, "Unauthorized")
