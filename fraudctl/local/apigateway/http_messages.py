"""An HTTP request and response as the local API Gateway sees them, independent of the server that carries them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HttpRequest:
    method: str
    target: str  # the request target as received: path and query, still percent-encoded
    headers: list[tuple[str, str]]  # in order, names as the client spelled them
    body: bytes
    source_ip: str
    received_at: float  # epoch seconds
    protocol: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        """The last value of a header, by case-insensitive name (what API Gateway keeps in `headers`)."""
        wanted = name.lower()
        values = [value for key, value in self.headers if key.lower() == wanted]
        return values[-1] if values else None

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str:
        return self.target.split("?", 1)[1] if "?" in self.target else ""


@dataclass
class HttpResponse:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    on_sent: Callable[[], None] | None = None  # runs once the response is on the wire

    def header(self, name: str) -> str | None:
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return values[-1] if values else None
