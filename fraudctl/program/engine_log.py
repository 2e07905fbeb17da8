"""The engine's ``Log`` RPC, recorded: what ``pulumi.log.*`` and ``print`` send, with severity and resource.

Under the SDK's mocks, log calls go to a Python logger and lose their severity and URN; the CLI shows them under
"Diagnostics:", grouped by resource, prefixed ``warning:`` / ``error:`` (info lines bare, debug hidden). The Python
language host forwards the program's stdout to the engine as info lines, so printed text is kept as info too.
"""

from __future__ import annotations

import io
import threading

from pulumi.runtime.proto import engine_pb2

from fraudctl.program.model import LogEntry

_SEVERITY = {
    engine_pb2.DEBUG: "debug",
    engine_pb2.INFO: "info",
    engine_pb2.WARNING: "warning",
    engine_pb2.ERROR: "error",
}


class RecordingEngine:
    """Stands in for the engine's ``Log`` service (``pulumi.runtime.settings.SETTINGS.engine``)."""

    def __init__(self) -> None:
        self._entries: list[LogEntry] = []
        self._lock = threading.Lock()  # log calls come from the SDK's executor threads

    def Log(self, request: engine_pb2.LogRequest) -> None:
        if request.ephemeral or request.severity == engine_pb2.DEBUG:  # the CLI shows neither without --debug
            return
        with self._lock:
            self._entries.append(LogEntry(_SEVERITY.get(request.severity, "info"), request.message, request.urn))

    def entries(self, printed: io.StringIO | None = None) -> tuple[LogEntry, ...]:
        lines = [] if printed is None else printed.getvalue().splitlines()
        with self._lock:
            return (*self._entries, *(LogEntry("info", line) for line in lines))
