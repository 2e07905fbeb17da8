"""A function's local execution environments: `size` worker slots (its local concurrency, 1 by default).

An invocation waits for a free slot; a worker that times out or dies is killed and replaced, the replacement
warming up while the caller handles the error, as Lambda starts a fresh environment after a timeout.
"""

from __future__ import annotations

import queue
import time
import uuid
from typing import Any

from fraudctl.local.lambda_.worker import STOPPED, FunctionError, Invocation, Worker
from fraudctl.local.logs import LogSink
from fraudctl.local.topology import LambdaFunction

__all__ = ["STOPPED", "FunctionError", "FunctionPool", "Invocation"]


class _Slot:
    """One execution environment's place: at most one worker, replaced when it dies."""

    def __init__(self) -> None:
        self.worker: Worker | None = None


class FunctionPool:
    """A function's local execution environments: `size` slots, each holding at most one worker."""

    def __init__(
        self,
        function: LambdaFunction,
        environment: dict[str, str],
        log: LogSink,
        size: int = 1,
        init_timeout_s: float = 30.0,
    ) -> None:
        self.function = function
        self._environment = environment
        self._log = log
        self._init_timeout_s = init_timeout_s
        self._free: queue.Queue[_Slot] = queue.Queue()
        self._slots = [_Slot() for _ in range(size)]
        self._stopping = False

    def start(self) -> None:
        """Spawn every worker now; their cold starts run in parallel with whatever the caller does next."""
        for slot in self._slots:
            slot.worker = self._spawn()
            self._free.put(slot)

    def wait_ready(self) -> list[FunctionError]:
        errors = [slot.worker.wait_ready(self._init_timeout_s) for slot in self._slots if slot.worker is not None]
        return [error for error in errors if error is not None]

    def pids(self) -> list[int]:
        return [slot.worker.process.pid for slot in self._slots if slot.worker is not None and slot.worker.alive]

    def invoke(self, event: Any, timeout_s: float | None = None, request_id: str | None = None) -> Invocation:
        """Run the handler once. `timeout_s` (e.g. an API integration timeout) never exceeds the function's own."""
        request_id = request_id or str(uuid.uuid4())
        timeout = min(timeout_s or self.function.timeout_s, self.function.timeout_s)
        deadline = time.monotonic() + timeout
        try:
            slot = self._free.get(timeout=timeout)
        except queue.Empty:
            message = f"no free execution environment within {timeout:.2f} s (local concurrency {len(self._slots)})"
            return Invocation(
                self.function.name, request_id, error=FunctionError("Sandbox.Timedout", message, timed_out=True)
            )
        try:
            if self._stopping:
                return Invocation(
                    self.function.name, request_id, error=FunctionError(STOPPED, "local mode is stopping")
                )
            worker = slot.worker
            if worker is None or not worker.alive:
                worker = slot.worker = self._spawn()  # a cold start inside this invocation, as after an init error
            init_error = worker.wait_ready(max(0.001, deadline - time.monotonic()))
            if init_error is not None:
                return Invocation(self.function.name, request_id, error=init_error)
            result = worker.invoke(event, request_id, max(0.001, deadline - time.monotonic()))
            if not worker.alive and not self._stopping:
                slot.worker = self._spawn()  # warm the replacement while the caller handles the error
            return result
        finally:
            self._free.put(slot)

    def request_stop(self) -> None:
        """Let every worker begin to exit (interpreters take a few hundred ms): stop() then waits for them."""
        self._stopping = True
        for slot in self._slots:
            if slot.worker is not None:
                slot.worker.request_stop()

    def stop(self) -> None:
        self.request_stop()
        for slot in self._slots:
            if slot.worker is not None:
                slot.worker.stop()

    def _spawn(self) -> Worker:
        return Worker(self.function, self._environment, self._log)
