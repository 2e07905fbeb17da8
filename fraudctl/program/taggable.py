"""Which AWS resource types take tags: the set the policy pack derives from pulumi-aws and ships as JSON."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

TAGGABLE_TYPES_FILE = Path(__file__).resolve().parents[2] / "policies" / "taggable_types.json"


@cache
def taggable_types() -> frozenset[str]:
    # One source of truth with the pack (scripts/gen_taggable_types.py writes it); empty if the pack is absent.
    if not TAGGABLE_TYPES_FILE.exists():
        return frozenset()
    document = json.loads(TAGGABLE_TYPES_FILE.read_text(encoding="utf-8"))
    types = document.get("types", document) if isinstance(document, dict) else document
    return frozenset(types)
