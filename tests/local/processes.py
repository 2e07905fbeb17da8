"""Processes as /proc shows them (Linux): enough to check that local mode leaves nothing behind."""

from __future__ import annotations

from pathlib import Path


def children_of(pid: int) -> list[int]:
    """Live direct children of `pid` (zombies excluded: they are gone, only not yet reaped)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited while we looked
        state, parent = fields[0], int(fields[1])
        if parent == pid and state != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
