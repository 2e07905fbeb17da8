"""Pulumi inputs (camelCase, floats) to AWS API parameters (PascalCase, integers) for the provisioners."""

from __future__ import annotations

from typing import Any

# Where AWS's spelling is not just the capitalised Pulumi name.
_SPECIAL = {"id": "ID", "sseAlgorithm": "SSEAlgorithm", "kmsMasterKeyId": "KMSMasterKeyID"}


def pascal(value: Any) -> Any:
    """Recursively: keys to AWS's PascalCase, integral floats to int, unset (None) fields dropped."""
    if isinstance(value, dict):
        return {_key(key): pascal(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [pascal(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _key(name: str) -> str:
    return _SPECIAL.get(name) or name[:1].upper() + name[1:]
