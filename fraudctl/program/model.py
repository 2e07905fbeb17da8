"""What one offline run of a Pulumi program produced: the resource graph the engine would see.

This is the contract between the program runner (which records it under Pulumi's mocks) and everything that reads
it: the plan printer, the policy engine driver, the local provisioner and the security review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from google.protobuf import struct_pb2


@dataclass(frozen=True)
class RecordedResource:
    """One RegisterResource (or provider) request as the engine saw it, plus the state the mocks answered."""

    urn: str
    type: str  # e.g. "aws:lambda/function:Function", "pulumi:providers:aws", "fraud:api:TransactionsApi"
    name: str  # the logical name given to the resource
    custom: bool  # False for ComponentResources
    id: str  # the mocked physical id ("" for components)
    inputs: dict[str, Any]  # deserialized inputs, camelCase keys as on the wire (unknowns -> None)
    outputs: dict[str, Any]  # inputs merged with what the mocks computed (arn, id, invokeArn, ...)
    parent: str  # parent URN ("" for the stack itself)
    dependencies: tuple[str, ...] = ()
    property_dependencies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    provider: str = ""  # provider reference "<provider urn>::<provider id>" ("" for components)
    protect: bool = False
    delete_before_replace: bool = False  # the resource option: replaced by delete-then-create (fixed names)
    # The inputs exactly as serialized on the wire (secret and unknown sentinels kept), for the analyzer protocol.
    wire_inputs: struct_pb2.Struct | None = None
    external: bool = False  # read, not managed: `Resource.get(...)` or a StackReference (the CLI's "read" step)
    remote: bool = False  # a multi-language component (awsx...): built by its provider's Construct, absent offline

    @property
    def is_provider(self) -> bool:
        return self.type.startswith("pulumi:providers:")

    @property
    def provider_urn(self) -> str:
        return self.provider.rsplit("::", 1)[0] if self.provider else ""


@dataclass(frozen=True)
class LogEntry:
    """A diagnostic the program sent to the engine (``pulumi.log.*``, a failure), shown under "Diagnostics:"."""

    severity: str  # "debug" | "info" | "warning" | "error", the engine's names
    message: str
    urn: str = ""  # the resource it is about; "" for the stack


# Called by the recorder for each registration before the mocks see it, as the engine calls the packs' Remediate:
# (the resource as registered so far, its provider resource) -> the remediated wire inputs, or None to keep them.
Remediator = Callable[[RecordedResource, RecordedResource | None], struct_pb2.Struct | None]


@dataclass(frozen=True)
class ProgramRun:
    """The outcome of running a program under mocks: its resources in registration order and its stack outputs."""

    project: str
    stack: str
    organization: str
    config: dict[str, str]  # the stack config as the engine passes it ("<namespace>:<key>" -> string value)
    resources: tuple[RecordedResource, ...]
    outputs: dict[str, Any]
    secret_outputs: frozenset[str] = frozenset()
    program_dir: str = ""  # absolute path of the program's entry directory or file
    logs: tuple[LogEntry, ...] = ()  # in the order the program sent them

    @property
    def stack_urn(self) -> str:
        return f"urn:pulumi:{self.stack}::{self.project}::pulumi:pulumi:Stack::{self.project}-{self.stack}"

    def by_type(self, type_token: str) -> list[RecordedResource]:
        return [r for r in self.resources if r.type == type_token]

    def by_urn(self, urn: str) -> RecordedResource:
        for resource in self.resources:
            if resource.urn == urn:
                return resource
        raise KeyError(urn)
