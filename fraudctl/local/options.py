"""How to run local mode: everything has a default; tests and the demo change what they need."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fraudctl.local.streams import PollSettings

DEFAULT_PORT = 3000
STATE_DIR = Path(".fraudctl") / "local"  # under the project; git-ignored (.fraudctl/)


@dataclass(frozen=True)
class LocalOptions:
    port: int = DEFAULT_PORT  # 0: any free port (printed)
    moto_port: int = 0  # 0: any free port (printed)
    host: str = "127.0.0.1"  # local mode never listens beyond this machine by default
    config: Mapping[str, str] = field(default_factory=dict)  # program config overrides, e.g. apiThrottleRateLimit
    functions_dir: Path | None = None  # run every function's handler from here instead of the program's code
    state_dir: Path | None = None  # default: <project>/.fraudctl/local (state file, logs/)
    echo_logs: bool = True  # also print the functions' logs on the console
    concurrency: int = 1  # worker processes per function (AWS: up to the reserved concurrency)
    extra_environment: Mapping[str, str] = field(default_factory=dict)  # added to every function's environment
    poll: PollSettings = field(default_factory=PollSettings)
    schedules: bool = True  # fire the program's schedules at their times
    write_state: bool = True  # write the state file `fraudctl local report` finds
    enforce_iam: bool = True  # each function runs as its own role and moto enforces IAM (emulator/iam.py)
