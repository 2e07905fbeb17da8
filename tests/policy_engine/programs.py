"""Synthetic ProgramRun objects for the policy engine tests (what the program runner would record)."""

from __future__ import annotations

from typing import Any

from google.protobuf import struct_pb2

from fraudctl.program.model import ProgramRun, RecordedResource

PROJECT, STACK, ORG = "fraud-detection", "dev", "acme"
PREFIX = f"urn:pulumi:{STACK}::{PROJECT}::"
STACK_URN = f"{PREFIX}pulumi:pulumi:Stack::{PROJECT}-{STACK}"
SECRET = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def urn(type_: str, name: str, parent_type: str = "") -> str:
    qualified = f"{parent_type}${type_}" if parent_type else type_
    return f"{PREFIX}{qualified}::{name}"


AWS = urn("pulumi:providers:aws", "default_7_51_1")
WEST = urn("pulumi:providers:aws", "west")
API = urn("fraud:api:TransactionsApi", "api")
LONG_BUCKET = urn("test:storage:Bucket", "raw-events", "fraud:api:TransactionsApi")
SHORT_BUCKET = urn("test:storage:Bucket", "ok")
PUBLIC_BUCKET = urn("test:storage:Bucket", "public")
FUNCTION = urn("test:compute:Function", "scorer")
ECHO = urn("test:misc:Thing", "echo-target")
UNKNOWN_THING = urn("test:misc:Thing", "unknown-target")


def resource(
    urn_: str,
    type_: str,
    name: str,
    inputs: dict[str, Any],
    *,
    custom: bool = True,
    outputs: dict | None = None,
    parent: str = STACK_URN,
    provider: str = "",
    **kwargs: Any,
) -> RecordedResource:
    return RecordedResource(
        urn=urn_,
        type=type_,
        name=name,
        custom=custom,
        id=f"{name}-id" if custom else "",
        inputs=inputs,
        outputs={**inputs, **(outputs or {})},
        parent=parent,
        provider=provider,
        **kwargs,
    )


def wire(value: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(value)
    return struct


def sample_run(*, include_stack: bool = True, config: dict[str, str] | None = None) -> ProgramRun:
    """A small stack touching every case the fixture packs look at."""
    resources = [
        resource(STACK_URN, "pulumi:pulumi:Stack", f"{PROJECT}-{STACK}", {}, custom=False, parent=""),
        resource(
            AWS, "pulumi:providers:aws", "default_7_51_1", {"region": "us-east-2", "version": "7.51.1"}, parent=""
        ),
        resource(WEST, "pulumi:providers:aws", "west", {"region": "eu-west-1"}),
        resource(API, "fraud:api:TransactionsApi", "api", {}, custom=False),
        resource(
            LONG_BUCKET,
            "test:storage:Bucket",
            "raw-events",
            {"bucketName": "fraud-raw-events-20240101", "encrypted": True, "tags": {"team": "fraud"}},
            outputs={"arn": "arn:aws:s3:::fraud-raw-events-20240101"},
            parent=API,
            provider=f"{AWS}::prov-1",
        ),
        resource(
            SHORT_BUCKET,
            "test:storage:Bucket",
            "ok",
            {"bucketName": "ok", "encrypted": False},
            provider=f"{AWS}::prov-1",
        ),
        resource(
            PUBLIC_BUCKET,
            "test:storage:Bucket",
            "public",
            {"bucketName": "pub", "encrypted": True, "acl": "public-read"},
            provider=f"{AWS}::prov-1",
        ),
        resource(
            FUNCTION,
            "test:compute:Function",
            "scorer",
            {"timeout": 60, "environment": {"BUCKET": "fraud-raw-events-20240101"}, "tags": {"owner": "me"}},
            outputs={"arn": "arn:aws:lambda:eu-west-1:1:function:scorer"},
            provider=f"{WEST}::prov-2",
            dependencies=(LONG_BUCKET,),
            property_dependencies={"environment": (LONG_BUCKET,), "timeout": ()},
        ),
        resource(
            ECHO,
            "test:misc:Thing",
            "echo-target",
            {"size": 3, "password": "hunter2", "__internal": "x"},
            parent=API,
            provider=f"{AWS}::prov-1",
            protect=True,
            wire_inputs=wire({"size": 3, "password": {**SECRET, "value": "hunter2"}, "__internal": "x"}),
        ),
        resource(
            UNKNOWN_THING,
            "test:misc:Thing",
            "unknown-target",
            {"bucketName": None},
            wire_inputs=wire({"bucketName": UNKNOWN}),
        ),
    ]
    if not include_stack:
        resources = resources[1:]
    return ProgramRun(
        project=PROJECT,
        stack=STACK,
        organization=ORG,
        config=config if config is not None else {"aws:region": "us-east-2", f"{PROJECT}:costCenter": "fraud-42"},
        resources=tuple(resources),
        outputs={"apiUrl": "https://example.test", "dbPassword": "s3cret"},
        secret_outputs=frozenset({"dbPassword"}),
        program_dir="/nonexistent",
    )


def large_run(count: int = 80) -> ProgramRun:
    """``count`` ordinary resources (plus stack and provider), for timing."""
    resources = [
        resource(STACK_URN, "pulumi:pulumi:Stack", f"{PROJECT}-{STACK}", {}, custom=False, parent=""),
        resource(AWS, "pulumi:providers:aws", "default_7_51_1", {"region": "us-east-2"}, parent=""),
    ]
    for i in range(count - 2):
        kind = ("test:storage:Bucket", "test:compute:Function", "test:misc:Thing")[i % 3]
        inputs = {
            "bucketName": f"b{i}",
            "encrypted": True,
            "timeout": 10,
            "tags": {"team": "x", "owner": "y"},
            "nested": {"list": [1, 2, {"k": "v" * 20}], "flag": True},
        }
        resources.append(resource(urn(kind, f"r{i}"), kind, f"r{i}", inputs, provider=f"{AWS}::prov-1"))
    return ProgramRun(
        project=PROJECT,
        stack=STACK,
        organization=ORG,
        config={"aws:region": "us-east-2"},
        resources=tuple(resources),
        outputs={},
    )
