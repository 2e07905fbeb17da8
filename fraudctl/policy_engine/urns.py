"""Small string helpers that mirror the engine's URN and path display rules."""

from __future__ import annotations

import os


def urn_type(urn: str) -> str:
    """The resource type of a URN, as ``resource.URN.Type()`` returns it (the last ``$``-separated segment)."""
    parts = urn.split("::", 3)
    if len(parts) < 4:
        return ""
    return parts[2].rsplit("$", 1)[-1]


def urn_name(urn: str) -> str:
    """The resource name of a URN: everything after the type segment (names may themselves contain ``::``)."""
    parts = urn.split("::", 3)
    return parts[3] if len(parts) == 4 else ""


def abbreviate_path(path: str) -> str:
    """The engine's ``abbreviateFilePath``: clean the path; if longer than 75 characters keep the first two and last
    two components around ``...``. Used for the ``(local: ...)`` mark and the summary event's pack key."""
    path = os.path.normpath(path)
    if len(path) > 75:
        dirs = path.split("/")
        if len(dirs) > 4:
            dirs = [*dirs[:2], "...", *dirs[-2:]]
        path = "/".join(dirs)
    return path
