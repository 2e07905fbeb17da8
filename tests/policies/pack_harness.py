"""Run the pack's policies in-process, through the SDK's own analyzer servicer, on a stack described in Python.

The servicer is what `PolicyPack` serves over gRPC. Feeding it protobuf requests (properties as a Struct, the
provider's inputs, property dependencies) exercises the same code path as `pulumi preview --policy-pack`:
wire encoding (numbers as floats, secrets, unknown sentinels), config and enforcement levels, the SDK's proxies.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel, Policy
from pulumi_policy.deserialize import serialize_properties
from pulumi_policy.policy import _PolicyAnalyzerServicer

REPO = Path(__file__).resolve().parents[2]
PACK_DIR = REPO / "policies"
PROJECT, STACK = "fraud-detection", "dev"
SECRET_SIG = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
LEVELS = {
    proto.ADVISORY: "advisory",
    proto.MANDATORY: "mandatory",
    proto.REMEDIATE: "remediate",
    proto.DISABLED: "disabled",
}


def load_generator() -> ModuleType:
    """scripts/gen_taggable_types.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_taggable_types", REPO / "scripts" / "gen_taggable_types.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def urn_of(type_token: str, name: str) -> str:
    return f"urn:pulumi:{STACK}::{PROJECT}::{type_token}::{name}"


def secret(value: Any) -> dict[str, Any]:
    return {**SECRET_SIG, "value": value}


@dataclass
class Res:
    type: str
    name: str
    props: dict[str, Any] = field(default_factory=dict)  # inputs, camelCase, as Analyze receives them
    outputs: dict[str, Any] = field(default_factory=dict)  # what the provider adds; AnalyzeStack sees props+outputs
    deps: dict[str, list[str]] = field(default_factory=dict)  # property -> names of the resources it came from
    provider: str | None = "aws-us-east-2"  # name of the provider resource; None for none (components, providers)

    @property
    def urn(self) -> str:
        return urn_of(self.type, self.name)


@dataclass(frozen=True)
class Diag:
    policy: str
    urn: str
    message: str
    level: str
    stack: bool

    @property
    def resource_name(self) -> str:
        return self.urn.rsplit("::", 1)[-1]

    @property
    def cannot_run(self) -> bool:
        return self.message.startswith("can't run policy")


class Stack:
    """An ordered set of resources with small mutation helpers (dotted paths; `rules.0.status`).

    `config` is the stack's policy config (policies/config/<stack>.json), applied by every `analyze` of the stack;
    config given to `analyze` itself replaces it policy by policy.
    """

    def __init__(self, resources: Iterable[Res], config: dict[str, Any] | None = None) -> None:
        self.resources: dict[str, Res] = {}
        self.config: dict[str, Any] = dict(config or {})
        for res in resources:
            assert res.name not in self.resources, f"duplicate logical name {res.name}"
            self.resources[res.name] = res

    def __getitem__(self, name: str) -> Res:
        return self.resources[name]

    def copy(self) -> Stack:
        return Stack(copy.deepcopy(list(self.resources.values())), copy.deepcopy(self.config))

    def add(self, res: Res) -> Stack:
        self.resources[res.name] = res
        return self

    def drop(self, name: str) -> Stack:
        del self.resources[name]
        return self

    def set(self, name: str, path: str, value: Any) -> Stack:
        container, key = _walk(self.resources[name].props, path)
        container[key] = value
        return self

    def unset(self, name: str, path: str) -> Stack:
        """Remove a property; a top-level one loses its dependencies too (the program no longer sets it)."""
        container, key = _walk(self.resources[name].props, path)
        del container[key]
        if "." not in path:  # a new dict: resources of the baseline share theirs
            res = self.resources[name]
            res.deps = {key: names for key, names in res.deps.items() if key != path}
        return self

    def from_output(self, name: str, path: str, source: str, value: Any = UNKNOWN) -> Stack:
        """Set `path` the way a program sets it from `source`'s output in a preview: unknown, with the property
        dependency the SDK records (what tells it from an output the program left unset)."""
        self.set(name, path, value)
        key, res = path.split(".")[0], self.resources[name]
        if key not in res.deps:
            res.deps = {**res.deps, key: [source]}  # a new dict: resources of the baseline share theirs
        return self

    def edit_document(self, name: str, path: str, edit) -> Stack:
        """Apply `edit` to the JSON document held (as a string) at `path`."""
        container, key = _walk(self.resources[name].props, path)
        document = json.loads(container[key])
        edit(document)
        container[key] = json.dumps(document)
        return self


def _walk(props: dict[str, Any], path: str) -> tuple[Any, Any]:
    parts = path.split(".")
    container: Any = props
    for part in parts[:-1]:
        container = container[int(part)] if isinstance(container, list) else container[part]
    last = parts[-1]
    return container, int(last) if isinstance(container, list) else last


def _struct(values: dict[str, Any]) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update(values)
    return message


def _provider_message(stack: Stack, res: Res) -> dict[str, Any]:
    if res.provider is None or res.provider not in stack.resources:
        return {}
    provider = stack[res.provider]
    return {
        "provider": proto.AnalyzerProviderResource(
            type=provider.type, properties=_struct(provider.props), urn=provider.urn, name=provider.name
        )
    }


def _dependency_urns(stack: Stack, names: list[str]) -> list[str]:
    return [stack[name].urn for name in names if name in stack.resources]


def configured_servicer(policies: list[Policy], config: dict[str, Any] | None = None) -> _PolicyAnalyzerServicer:
    servicer = _PolicyAnalyzerServicer("fraud-detection-guardrails", "1.0.0", policies, EnforcementLevel.ADVISORY)
    levels = {policy.name: policy.enforcement_level.value for policy in policies}
    if config:
        request = proto.ConfigureAnalyzerRequest()
        for name, value in config.items():
            entry = proto.PolicyConfig()
            if isinstance(value, str):
                entry.enforcementLevel = _level_enum(value)
            else:
                value = dict(value)
                # The engine always sends a level: the configured one, else the policy's own (proto's 0 is ADVISORY).
                entry.enforcementLevel = _level_enum(value.pop("enforcementLevel", levels.get(name, "advisory")))
                entry.properties.update(value)
            request.policyConfig[name].CopyFrom(entry)
        servicer.Configure(request, None)
    return servicer


def _level_enum(level: str) -> int:
    return {v: k for k, v in LEVELS.items()}[level]


def analyze(stack: Stack, policies: list[Policy], config: dict[str, Any] | None = None) -> list[Diag]:
    """Every diagnostic the policies report: Analyze on each resource (inputs), then AnalyzeStack (outputs)."""
    servicer = configured_servicer(policies, {**stack.config, **(config or {})})
    found: list[Diag] = []
    for res in stack.resources.values():
        request = proto.AnalyzeRequest(
            type=res.type,
            properties=_struct(res.props),
            urn=res.urn,
            name=res.name,
            options=proto.AnalyzerResourceOptions(),
            **_provider_message(stack, res),
        )
        for diagnostic in servicer.Analyze(request, None).diagnostics:
            found.append(_diag(diagnostic, res.urn, stack=False))
    resources = [
        proto.AnalyzerResource(
            type=res.type,
            properties=_struct({**res.props, **res.outputs}),
            urn=res.urn,
            name=res.name,
            options=proto.AnalyzerResourceOptions(),
            dependencies=sorted({urn for names in res.deps.values() for urn in _dependency_urns(stack, names)}),
            propertyDependencies={
                key: proto.AnalyzerPropertyDependencies(urns=_dependency_urns(stack, names))
                for key, names in res.deps.items()
            },
            **_provider_message(stack, res),
        )
        for res in stack.resources.values()
    ]
    for diagnostic in servicer.AnalyzeStack(proto.AnalyzeStackRequest(resources=resources), None).diagnostics:
        found.append(_diag(diagnostic, "", stack=True))
    return found


def analyze_program_run(run: Any, policies: list[Policy], config: dict[str, Any] | None = None) -> list[Diag]:
    """The same two passes over a fraudctl ProgramRun: wire inputs to Analyze, outputs to AnalyzeStack."""
    servicer = configured_servicer(policies, config)
    by_urn = {res.urn: res for res in run.resources}

    def provider_of(res: Any) -> dict[str, Any]:
        provider = by_urn.get(res.provider_urn)
        if provider is None:
            return {}
        return {
            "provider": proto.AnalyzerProviderResource(
                type=provider.type, properties=_wire(provider), urn=provider.urn, name=provider.name
            )
        }

    found: list[Diag] = []
    for res in run.resources:
        request = proto.AnalyzeRequest(
            type=res.type,
            properties=_wire(res),
            urn=res.urn,
            name=res.name,
            options=proto.AnalyzerResourceOptions(),
            **provider_of(res),
        )
        found += [_diag(d, res.urn, stack=False) for d in servicer.Analyze(request, None).diagnostics]
    resources = [
        proto.AnalyzerResource(
            type=res.type,
            properties=_struct(dict(serialize_properties(res.outputs))),
            urn=res.urn,
            name=res.name,
            options=proto.AnalyzerResourceOptions(),
            parent=res.parent,
            dependencies=list(res.dependencies),
            propertyDependencies={
                key: proto.AnalyzerPropertyDependencies(urns=list(urns))
                for key, urns in res.property_dependencies.items()
            },
            **provider_of(res),
        )
        for res in run.resources
    ]
    stack_request = proto.AnalyzeStackRequest(resources=resources)
    found += [_diag(d, "", stack=True) for d in servicer.AnalyzeStack(stack_request, None).diagnostics]
    return found


def _wire(res: Any) -> struct_pb2.Struct:
    if res.wire_inputs is not None:
        return res.wire_inputs
    return _struct(dict(serialize_properties(res.inputs)))


def _diag(diagnostic: Any, default_urn: str, stack: bool) -> Diag:
    # Analyze leaves urn empty (the engine fills in the analyzed resource); stack policies name it themselves.
    return Diag(
        policy=diagnostic.policyName,
        urn=diagnostic.urn or default_urn,
        message=diagnostic.message,
        level=LEVELS[diagnostic.enforcementLevel],
        stack=stack,
    )


def violations(diags: list[Diag]) -> list[Diag]:
    """Real findings: without the SDK's advisory "can't run policy during preview" notes."""
    return [d for d in diags if not d.cannot_run]
