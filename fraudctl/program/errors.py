"""How a program run fails: the program's own error (as the CLI would print it), or the wall-clock limit."""

from __future__ import annotations

from fraudctl.program.model import LogEntry, RecordedResource


class ProgramError(RuntimeError):
    """The program failed; the message is what the CLI would print, ``declared`` what it had registered by then."""

    def __init__(
        self,
        message: str,
        declared: tuple[RecordedResource, ...] = (),
        logs: tuple[LogEntry, ...] = (),
        *,
        timed_out: bool = False,
    ) -> None:
        super().__init__(message)
        self.declared = declared
        self.logs = logs
        self.timed_out = timed_out


class ProgramTimeout(KeyboardInterrupt):
    """Raised in the main thread when the wall-clock limit is reached. A KeyboardInterrupt, because asyncio (and
    most programs' ``except Exception``) let only those through instead of logging and carrying on."""
