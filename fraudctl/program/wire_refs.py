"""Resource references on the wire, answered as the engine answers them for a provider like pulumi-aws.

The engine's monitor accepts resource references (a resource passed as an input: ``role=role``), but it marshals
properties for providers and analyzers with ``KeepResources: false`` (pkg/resource/plugin/rpc.go): a reference to a
custom resource becomes its ID (unknown while that ID is unknown), a reference to a component its URN. The SDK's own
``MockMonitor`` instead deserializes references into fresh ``Resource`` objects on the monitor's worker thread, whose
futures belong to another event loop: the run then hangs or fails with "attached to a different loop". Downgrading
the references before anything deserializes them is both the engine's answer and the cure.
"""

from __future__ import annotations

from google.protobuf import struct_pb2
from pulumi.runtime.rpc import UNKNOWN

SIG_KEY = "4dabf18193072939515e22adb298388d"
RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"


def without_references(struct: struct_pb2.Struct) -> struct_pb2.Struct:
    """A copy of ``struct`` with every resource reference replaced by its ID or URN (``struct`` itself if none)."""
    if not _has_reference(struct):
        return struct
    clean = struct_pb2.Struct()
    for key, value in struct.fields.items():
        clean.fields[key].CopyFrom(_value(value))
    return clean


def _value(value: struct_pb2.Value) -> struct_pb2.Value:
    kind = value.WhichOneof("kind")
    if kind == "struct_value":
        fields = value.struct_value.fields
        sig = fields.get(SIG_KEY)
        if sig is not None and sig.string_value == RESOURCE_SIG:
            return _reference(value.struct_value)
        out = struct_pb2.Value()
        out.struct_value.CopyFrom(without_references(value.struct_value))
        return out
    if kind == "list_value":
        out = struct_pb2.Value()
        out.list_value.SetInParent()
        for item in value.list_value.values:
            out.list_value.values.add().CopyFrom(_value(item))
        return out
    return value


def _reference(ref: struct_pb2.Struct) -> struct_pb2.Value:
    fields = ref.fields
    if "id" in fields:  # a custom resource: its ID, unknown if the ID is not known yet
        ref_id = fields["id"].string_value
        return struct_pb2.Value(string_value=ref_id or UNKNOWN)
    return struct_pb2.Value(string_value=fields["urn"].string_value)


def _has_reference(struct: struct_pb2.Struct) -> bool:
    return any(_value_has_reference(v) for v in struct.fields.values())


def _value_has_reference(value: struct_pb2.Value) -> bool:
    kind = value.WhichOneof("kind")
    if kind == "struct_value":
        sig = value.struct_value.fields.get(SIG_KEY)
        return (sig is not None and sig.string_value == RESOURCE_SIG) or _has_reference(value.struct_value)
    if kind == "list_value":
        return any(_value_has_reference(v) for v in value.list_value.values)
    return False
