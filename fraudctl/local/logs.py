"""Where local mode's output goes: one file per function (and for the API and local mode itself), echoed to the
console with the source's name in front, the way `sam logs` or serverless-offline show them."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

_COLOURS = ("cyan", "magenta", "green", "yellow", "blue", "bright_red", "bright_cyan")


class LogSink:
    """One source's log: a file, truncated when local mode starts, plus the console echo."""

    def __init__(self, name: str, path: Path, console: Console | None, colour: str, width: int) -> None:
        self.name = name
        self.path = path
        self._console = console
        self._prefix = Text(f"{name:<{width}} | ", style=colour)
        self._lock = threading.Lock()
        self._file: TextIO = path.open("w", encoding="utf-8", buffering=1)  # line-buffered: tail -f works

    def write(self, line: str) -> None:
        line = line.rstrip("\n")
        with self._lock:
            if not self._file.closed:
                self._file.write(line + "\n")
        if self._console is not None:
            # Text, not markup: log lines are full of [brackets] rich would otherwise interpret.
            self._console.print(Text.assemble(self._prefix, line), soft_wrap=True, highlight=False)

    def close(self) -> None:
        with self._lock:
            self._file.close()


class LogHub:
    def __init__(self, log_dir: Path, echo: bool, names: list[str]) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir = log_dir
        self._console = Console(highlight=False, soft_wrap=True) if echo else None
        self._width = max((len(name) for name in names), default=8)
        self._sinks: dict[str, LogSink] = {}
        for name in names:
            self.sink(name)

    def sink(self, name: str) -> LogSink:
        if name not in self._sinks:
            colour = _COLOURS[len(self._sinks) % len(_COLOURS)]
            path = self.log_dir / f"{name}.log"
            self._sinks[name] = LogSink(name, path, self._console, colour, self._width)
        return self._sinks[name]

    def paths(self) -> dict[str, Path]:
        return {name: sink.path for name, sink in self._sinks.items()}

    def close(self) -> None:
        for sink in self._sinks.values():
            sink.close()
