"""One worker process: a function's execution environment, like Lambda's (and like serverless-offline's).

The process runs runtime.py, which imports the handler once (the cold start) and then serves one
invocation at a time over a socketpair; its stdout and stderr are the function's log.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fraudctl.local.lambda_.runtime import read_frame, write_frame
from fraudctl.local.logs import LogSink
from fraudctl.local.topology import LambdaFunction

RUNTIME_SCRIPT = Path(__file__).with_name("runtime.py")
STOPPED = "LocalMode.Stopped"  # the invocation was cut short because local mode is stopping, not by the function


@dataclass(frozen=True)
class FunctionError:
    error_type: str  # as Lambda reports it: "ValueError", "Sandbox.Timedout", "Runtime.ExitError", ...
    message: str
    timed_out: bool = False
    details: dict[str, Any] = field(default_factory=dict)  # the runtime's error payload (stackTrace, ...)


@dataclass(frozen=True)
class Invocation:
    function_name: str
    request_id: str
    payload: Any = None
    error: FunctionError | None = None
    duration_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def _trace_id() -> str:
    # The X-Ray header Lambda sets per invocation (_X_AMZN_TRACE_ID); Powertools Logger reads it.
    return f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]};Parent={uuid.uuid4().hex[:16]};Sampled=0"


class Worker:
    """One process serving one function over a socketpair; stdout and stderr go to the function's log."""

    def __init__(self, function: LambdaFunction, environment: dict[str, str], log: LogSink) -> None:
        self.function = function
        parent_end, child_end = socket.socketpair()
        self._sock = parent_end
        # -I: only the function's own environment, no script directory on sys.path; -B: the code directory stays
        # read-only, as /var/task is (existing bytecode is still used); -u: log lines leave as they are printed.
        command = [sys.executable, "-I", "-B", "-u", str(RUNTIME_SCRIPT), "--fd", str(child_end.fileno())]
        command += ["--handler", function.handler, "--task-root", str(function.code_dir)]
        self.process = subprocess.Popen(
            command,
            env=environment,
            cwd=function.code_dir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(child_end.fileno(),),
            start_new_session=True,  # Ctrl-C reaches local mode only, which then stops its workers in order
        )
        child_end.close()
        self._ready: FunctionError | bool | None = False  # False: not known yet
        self._stopping = False
        self._log = log
        self._pump = threading.Thread(target=self._pump_logs, args=(log,), name=f"logs-{function.name}", daemon=True)
        self._pump.start()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_ready(self, timeout_s: float) -> FunctionError | None:
        """The init outcome (None: ready), read once; later calls return the same answer."""
        if self._ready is False:
            try:
                self._sock.settimeout(timeout_s)
                frame = read_frame(self._sock)
            except OSError:  # TimeoutError included
                frame = None
            if frame is None or frame.get("type") not in ("ready", "init_error"):
                self.kill()
                message = f"{self.function.name} did not finish its init phase within {timeout_s:.2f} s"
                self._ready = FunctionError("Runtime.Unknown", message)
            elif frame["type"] == "init_error":
                error = frame["error"]
                self._ready = FunctionError(error["errorType"], error["errorMessage"], details=error)
            else:
                self._ready = None
        return self._ready  # type: ignore[return-value]

    def invoke(self, event: Any, request_id: str, timeout_s: float) -> Invocation:
        name, started = self.function.name, time.perf_counter()
        frame = {
            "requestId": request_id,
            "traceId": _trace_id(),
            "deadlineMs": int((time.time() + timeout_s) * 1000),
            "invokedFunctionArn": self.function.arn,
            "event": event,
        }
        try:
            self._sock.settimeout(timeout_s)
            write_frame(self._sock, frame)
            response = read_frame(self._sock)
        except TimeoutError:
            self.kill()  # Lambda stops the environment at the timeout; the next invocation gets a fresh one
            message = f"Task timed out after {timeout_s:.2f} seconds"
            self._log.write(f"{datetime.now(UTC).isoformat(timespec='milliseconds')} {request_id} {message}")
            return Invocation(name, request_id, error=FunctionError("Sandbox.Timedout", message, timed_out=True))
        except OSError:
            response = None
        elapsed = (time.perf_counter() - started) * 1000
        if response is None:
            if self._stopping:
                return Invocation(name, request_id, error=FunctionError(STOPPED, "local mode is stopping"))
            self.kill()
            message = f"RequestId: {request_id} Error: Runtime exited with error: exit status {self.process.returncode}"
            return Invocation(name, request_id, error=FunctionError("Runtime.ExitError", message), duration_ms=elapsed)
        if response["ok"]:
            return Invocation(name, request_id, payload=response["payload"], duration_ms=elapsed)
        error = response["error"]
        return Invocation(
            name,
            request_id,
            error=FunctionError(error["errorType"], error["errorMessage"], details=error),
            duration_ms=elapsed,
        )

    def request_stop(self) -> None:
        """Close the socket: the worker exits at EOF, or its in-flight invocation ends as STOPPED."""
        self._stopping = True
        self._sock.close()

    def stop(self, grace_s: float = 2.0) -> None:
        """request_stop(), then kill what is still running after the grace period."""
        self.request_stop()
        try:
            self.process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            self.kill()
        self._pump.join(timeout=grace_s)

    def kill(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # the whole session: anything the handler started too
            except ProcessLookupError:
                pass
        self.process.wait()
        self._sock.close()

    def _pump_logs(self, log: LogSink) -> None:
        assert self.process.stdout is not None
        with self.process.stdout:
            for raw in iter(self.process.stdout.readline, b""):
                log.write(raw.decode("utf-8", errors="replace"))
