"""Encoding recorded (deserialized) property values back into the wire form (for the analyzer protocol, and to carry
a run out of a child process).

The engine marshals property maps with ``MarshalOptions{KeepUnknowns, KeepSecrets, SkipInternalKeys}``: secrets,
assets and archives travel as objects tagged with Pulumi's signature key, and keys starting with ``__`` are dropped at
every level. Recorded inputs come with their exact wire form (``wire_inputs``); outputs and synthetic inputs are plain
Python values, possibly holding ``pulumi.Asset``/``pulumi.Archive`` objects (a Lambda's ``code``), which we encode the
way pulumi's own ``rpc.serialize_property`` does, and unknowns (``pulumi.output.Unknown``, what a preview has for a
value not computed yet), which travel as the engine's unknown sentinel, as ``MarshalOptions{KeepUnknowns}`` sends them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from google.protobuf import struct_pb2
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"  # noqa: S105 - the wire signature of a secret, not a secret
ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17"
ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7"


def encode(value: Any) -> Any:
    """A JSON-compatible wire value for ``value``; raises TypeError for anything the engine could not marshal."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items() if not str(k).startswith("__")}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if isinstance(value, pulumi.Asset | pulumi.Archive):
        return _encode_asset_or_archive(value)
    if isinstance(value, Unknown):
        return UNKNOWN
    raise TypeError(f"unsupported property value of type {type(value).__name__}")


def secret(encoded: Any) -> dict[str, Any]:
    return {SIG_KEY: SECRET_SIG, "value": encoded}


def is_unknown(value: Any) -> bool:
    """True for a value a preview does not know yet (as deserialized, or as the wire sentinel)."""
    return isinstance(value, Unknown) or value == UNKNOWN


def is_secret(value: struct_pb2.Value) -> bool:
    if value.WhichOneof("kind") != "struct_value":
        return False
    sig = value.struct_value.fields.get(SIG_KEY)
    return sig is not None and sig.string_value == SECRET_SIG


def has_internal_keys(struct: struct_pb2.Struct) -> bool:
    return any(key.startswith("__") or _value_has_internal_keys(v) for key, v in struct.fields.items())


def _value_has_internal_keys(value: struct_pb2.Value) -> bool:
    kind = value.WhichOneof("kind")
    if kind == "struct_value":
        return has_internal_keys(value.struct_value)
    if kind == "list_value":
        return any(_value_has_internal_keys(v) for v in value.list_value.values)
    return False


def _encode_asset_or_archive(value: pulumi.Asset | pulumi.Archive) -> dict[str, Any]:
    if isinstance(value, pulumi.FileAsset):
        return {SIG_KEY: ASSET_SIG, "path": value.path}
    if isinstance(value, pulumi.StringAsset):
        return {SIG_KEY: ASSET_SIG, "text": value.text}
    if isinstance(value, pulumi.RemoteAsset):
        return {SIG_KEY: ASSET_SIG, "uri": value.uri}
    if isinstance(value, pulumi.AssetArchive):
        return {SIG_KEY: ARCHIVE_SIG, "assets": {k: encode(v) for k, v in value.assets.items()}}
    if isinstance(value, pulumi.FileArchive):
        return {SIG_KEY: ARCHIVE_SIG, "path": value.path}
    if isinstance(value, pulumi.RemoteArchive):
        return {SIG_KEY: ARCHIVE_SIG, "uri": value.uri}
    raise TypeError(f"unsupported asset or archive {type(value).__name__}")
