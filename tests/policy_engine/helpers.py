"""Test helpers: where the fixture packs live, and which pack processes are (still) alive."""

from __future__ import annotations

import os
from pathlib import Path

PACKS = Path(__file__).resolve().parents[1] / "fixtures" / "packs"


def pack_processes(marker: str) -> list[int]:
    """PIDs of this test process's children that are still alive (a ``python -m pulumi.policy`` whose command line
    mentions ``marker``) or unreaped (zombies): both mean a pack was not stopped properly. Only our own children
    count, so a test run in parallel on the same machine cannot make this fail."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        state, ppid = fields[0], int(fields[1])
        if ppid == os.getpid() and (state == "Z" or ("pulumi.policy" in cmdline and marker in cmdline)):
            found.append(int(entry))
    return found
