"""Running `fraudctl preview` on a corpus program as a user would, in this process (the programs' Pulumi.yaml select
the project's virtualenv, which is this interpreter's, so fraudctl runs them in-process, as it would for a user).
Each (program, arguments, pack) is previewed once per test session and its outcome shared by the tests reading it."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fraudctl.cli import main

CORPUS = Path(__file__).resolve().parent
PROGRAMS = CORPUS / "programs"
PACKS = CORPUS / "packs"
STACK_REFERENCES = CORPUS / "stack_references.json"


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str
    events: tuple[dict, ...] = field(default_factory=tuple)

    def section(self, heading: str, text: str | None = None) -> list[str]:
        """The lines of one section ("Policies:", "Outputs:"...) up to the next blank line ([] if absent)."""
        lines = (self.out if text is None else text).splitlines()
        if heading not in lines:
            return []
        start = lines.index(heading) + 1
        end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
        return lines[start:end]

    def events_of(self, kind: str) -> list[dict]:
        return [e[kind] for e in self.events if kind in e]

    def row(self, name: str) -> str:
        """The plan row of the resource named ``name``."""
        return next(line for line in self.out.splitlines() if line.startswith("+ ") and f"  {name}  " in line)


@cache
def preview(program: str, *args: str, pack: str | None = None) -> Outcome:
    argv = ["preview", "--cwd", str(PROGRAMS / program), *args]
    log = Path(tempfile.mkdtemp(prefix="corpus-")) / "events.jsonl"
    if pack:
        argv += ["--policy-pack", str(PACKS / pack), "--event-log", str(log)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    events = tuple(json.loads(line) for line in log.read_text().splitlines()) if log.exists() else ()
    return Outcome(code, out.getvalue(), err.getvalue(), events)
