"""A ProgramRun as JSON, to carry it out of a child process (``child.py``) that ran the program in its own
interpreter. Property values travel in their wire form (secrets, assets and unknowns keep their signatures) and are
deserialized on arrival exactly as the recorder deserializes a registration.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi.runtime import rpc

from fraudctl.program.model import LogEntry, ProgramRun, RecordedResource
from fraudctl.program.values import encode


def run_to_json(run: ProgramRun) -> dict[str, Any]:
    return {
        "project": run.project,
        "stack": run.stack,
        "organization": run.organization,
        "config": run.config,
        "resources": [resource_to_json(r) for r in run.resources],
        "outputs": encode(run.outputs),
        "secret_outputs": sorted(run.secret_outputs),
        "program_dir": run.program_dir,
        "logs": [asdict(entry) for entry in run.logs],
    }


def run_from_json(data: dict[str, Any]) -> ProgramRun:
    return ProgramRun(
        project=data["project"],
        stack=data["stack"],
        organization=data["organization"],
        config=dict(data["config"]),
        resources=tuple(resource_from_json(r) for r in data["resources"]),
        outputs=_decode(data["outputs"]),
        secret_outputs=frozenset(data["secret_outputs"]),
        program_dir=data["program_dir"],
        logs=logs_from_json(data["logs"]),
    )


def logs_from_json(entries: list[dict[str, str]]) -> tuple[LogEntry, ...]:
    return tuple(LogEntry(**entry) for entry in entries)


def resource_to_json(r: RecordedResource) -> dict[str, Any]:
    return {
        "urn": r.urn,
        "type": r.type,
        "name": r.name,
        "custom": r.custom,
        "id": r.id,
        "wire_inputs": json_format.MessageToDict(r.wire_inputs) if r.wire_inputs is not None else encode(r.inputs),
        "outputs": encode(r.outputs),
        "parent": r.parent,
        "dependencies": list(r.dependencies),
        "property_dependencies": {k: list(v) for k, v in r.property_dependencies.items()},
        "provider": r.provider,
        "protect": r.protect,
        "external": r.external,
        "remote": r.remote,
    }


def resource_from_json(data: dict[str, Any]) -> RecordedResource:
    wire = _struct(data["wire_inputs"])
    return RecordedResource(
        urn=data["urn"],
        type=data["type"],
        name=data["name"],
        custom=data["custom"],
        id=data["id"],
        inputs=rpc.deserialize_properties(wire, keep_unknowns=True),
        outputs=_decode(data["outputs"]),
        parent=data["parent"],
        dependencies=tuple(data["dependencies"]),
        property_dependencies={k: tuple(v) for k, v in data["property_dependencies"].items()},
        provider=data["provider"],
        protect=data["protect"],
        wire_inputs=wire,
        external=data["external"],
        remote=data["remote"],
    )


def _struct(value: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(value)
    return struct


def _decode(value: dict[str, Any]) -> dict[str, Any]:
    return rpc.deserialize_properties(_struct(value), keep_unknowns=True)
