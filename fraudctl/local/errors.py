"""Errors local mode reports to its user: each message says what is wrong and what to do about it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fraudctl.local.lambda_.worker import Invocation  # the module, not the face: errors.py stays a leaf


class LocalModeError(RuntimeError):
    """Local mode cannot start or cannot do what was asked."""


class PortInUseError(LocalModeError):
    def __init__(self, what: str, host: str, port: int, option: str) -> None:
        super().__init__(
            f"cannot serve {what} on {host}:{port}: the port is in use (another `fraudctl local`?). "
            f"Stop the other process, or pass {option} <free port> ({option} 0 picks one and prints it)."
        )
        self.port = port


class UnsupportedByLocalMode(LocalModeError):
    """The program uses a setting local mode does not emulate; better to stop than to behave differently."""


class FunctionFailed(LocalModeError):
    """A function invoked on the caller's behalf (e.g. the report) answered with an error."""

    def __init__(self, invocation: Invocation) -> None:
        error = invocation.error
        detail = f"{error.error_type}: {error.message}" if error else "no error reported"
        super().__init__(f"{invocation.function_name} failed: {detail}")
        self.invocation = invocation
