"""Starting and stopping one policy pack process exactly as the engine does.

The engine (``plugin.NewPolicyAnalyzer`` + the ``pulumi-analyzer-policy-python`` shim) runs
``python -u -m pulumi.policy <engine address> <pack dir>`` with the pack directory as working directory and
PULUMI_PROJECT/STACK/ORGANIZATION/DRY_RUN/CONFIG added to its own environment (only non-empty values, like
``constructEnv``). The pack's ``PolicyPack(...)`` starts a gRPC server on 127.0.0.1:0 and writes the port as the first
line of stdout. We read that line with a timeout, keep draining both pipes (a pack that prints a lot must never block
on a full pipe), and always stop the process: terminate, then kill after a grace period.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import IO

from .errors import PolicyEngineError
from .project import PolicyProject

_TAIL_LINES = 40


@dataclass(frozen=True)
class StackSettings:
    """What the engine tells every pack about the stack (env vars at start, ConfigureStack afterwards)."""

    project: str
    stack: str
    organization: str = ""
    config: Mapping[str, str] = field(default_factory=dict)
    dry_run: bool = True  # we only ever preview


def pack_environment(settings: StackSettings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    values = {
        "PULUMI_CONFIG": json.dumps(dict(settings.config)) if settings.config else "",
        "PULUMI_ORGANIZATION": settings.organization,
        "PULUMI_PROJECT": settings.project,
        "PULUMI_STACK": settings.stack,
        "PULUMI_DRY_RUN": "true" if settings.dry_run else "false",
    }
    env.update({k: v for k, v in values.items() if v})
    env["PYTHONUNBUFFERED"] = "1"  # the port line must not sit in a buffer
    return env


class PackProcess:
    """A running policy pack. Use as a context manager so the process is stopped on every exit path."""

    def __init__(self, project: PolicyProject, *, python: str, engine_address: str, env: Mapping[str, str]) -> None:
        self.project = project
        self.argv = [python, "-u", "-m", "pulumi.policy", engine_address, str(project.path)]
        self._env = dict(env)
        self._proc: subprocess.Popen[bytes] | None = None
        self._first_line: queue.Queue[str | None] = queue.Queue(maxsize=1)
        self._stderr: deque[str] = deque(maxlen=_TAIL_LINES)
        self.output: list[str] = []  # everything after the port line, stdout and stderr, for PackResult.logs
        self._lines_read = 0
        self._threads: list[threading.Thread] = []
        self.port: int | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def address(self) -> str:
        assert self.port is not None, "wait_for_port() first"
        return f"127.0.0.1:{self.port}"

    def start(self) -> PackProcess:
        try:
            self._proc = subprocess.Popen(
                self.argv,
                cwd=self.project.path,
                env=self._env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise PolicyEngineError(
                f'policy pack "{self.project.path}" failed to start: cannot run {self.argv[0]}: {exc.strerror or exc}'
            ) from None
        assert self._proc.stdout is not None and self._proc.stderr is not None
        for target, pipe in ((self._read_stdout, self._proc.stdout), (self._read_stderr, self._proc.stderr)):
            thread = threading.Thread(target=target, args=(pipe,), daemon=True, name=f"pack-{self._proc.pid}")
            thread.start()
            self._threads.append(thread)
        return self

    def wait_for_port(self, timeout: float) -> int:
        """Block until the pack prints its port; raise PolicyEngineError if it exits, hangs or prints garbage."""
        assert self._proc is not None, "start() first"
        try:
            line = self._first_line.get(timeout=timeout)
        except queue.Empty:
            raise self._failure(f"it did not report its port within {timeout:g}s") from None
        if line is None:
            try:
                code = self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                raise self._failure("it closed its stdout without reporting a port") from None
            raise self._failure(f"it exited with code {code} before reporting its port")
        try:
            port = int(line.strip())
        except ValueError:
            raise self._failure(f"its first line of output was {line!r}, not a port number") from None
        if not 0 < port < 65536:
            raise self._failure(f"it reported an invalid port {port}")
        self.port = port
        return port

    def stop(self, grace: float = 2.0) -> None:
        """Terminate, then kill after ``grace`` seconds; idempotent and safe to call from any exit path."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for thread in self._threads:
            thread.join(timeout=1.0)

    def stderr_tail(self) -> str:
        return "\n".join(self._stderr)

    def settle_output(self, quiet: float = 0.05, limit: float = 1.0) -> None:
        """Wait until the pack has written nothing for ``quiet`` seconds (at most ``limit``): a failed RPC returns
        as soon as the pack's gRPC server has logged the traceback, possibly before our reader thread has read it."""
        deadline = time.monotonic() + limit
        seen = -1
        while seen != self._lines_read and time.monotonic() < deadline:
            seen = self._lines_read
            time.sleep(quiet)

    def __enter__(self) -> PackProcess:
        return self.start() if self._proc is None else self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _failure(self, reason: str) -> PolicyEngineError:
        # Let the stderr reader drain what a crashing pack wrote (its traceback) before quoting it.
        if self._proc is not None and self._proc.poll() is not None:
            for thread in self._threads:
                thread.join(timeout=2.0)
        message = f'policy pack "{self.project.path}" failed to start: {reason}'
        tail = self.stderr_tail().strip()
        return PolicyEngineError(f"{message}\nstderr:\n{tail}" if tail else message)

    def _read_stdout(self, pipe: IO[bytes]) -> None:
        first = True
        for raw in iter(pipe.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if first:
                self._first_line.put(line)
                first = False
            else:
                self.output.append(line)
        if first:
            self._first_line.put(None)  # EOF before any line: the pack died or closed stdout
        pipe.close()

    def _read_stderr(self, pipe: IO[bytes]) -> None:
        for raw in iter(pipe.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            self._stderr.append(line)
            self.output.append(line)
            self._lines_read += 1
        pipe.close()
