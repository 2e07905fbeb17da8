"""Turning a recorded ProgramRun into the exact analyzer requests the engine sends during a preview.

What the engine analyzes (pkg/resource/deploy/step_generator.go, ``continueStepsFromImport``): Remediate then Analyze
run for *every* registered resource, with no custom/provider filter: custom resources, component resources, the root
``pulumi:pulumi:Stack`` and providers (lifecycletest ``TestSimpleAnalyzeResourceFailure`` expects an analyze summary for
the default provider too). ``AnalyzeResources`` then sends every resource of the deployment (``deployment.news``) with
its OUTPUTS to AnalyzeStack, again including providers and components. Both use the resource's provider *inputs* for
``AnalyzerProviderResource`` and marshal with ``SkipInternalKeys`` (keys starting with ``__`` are dropped).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2
from pulumi.runtime.rpc import UNKNOWN

from fraudctl.program.model import ProgramRun, RecordedResource
from fraudctl.program.schema import computed_output_names
from fraudctl.program.values import encode, has_internal_keys, is_secret, secret

from .errors import PolicyEngineError

STACK_TYPE = "pulumi:pulumi:Stack"


@dataclass(frozen=True)
class WireRequests:
    """Requests built once per run and shared by every pack (protobuf messages are safe to send from threads)."""

    resources: tuple[RecordedResource, ...]  # in registration order, root stack included
    analyze: tuple[analyzer_pb2.AnalyzeRequest, ...]  # parallel to ``resources``
    analyze_stack: analyzer_pb2.AnalyzeStackRequest
    stack_urn: str


def analyzed_resources(run: ProgramRun) -> tuple[RecordedResource, ...]:
    """The resources the engine would register. The engine always registers the root stack first; if the recorder
    did not capture it, synthesize it. Either way its outputs are the stack outputs: the engine stores the program's
    RegisterResourceOutputs on the stack resource before AnalyzeStack."""
    if any(r.type == STACK_TYPE for r in run.resources):
        return tuple(
            replace(r, outputs=dict(run.outputs)) if r.type == STACK_TYPE and not r.outputs else r
            for r in run.resources
        )
    stack = RecordedResource(
        urn=run.stack_urn,
        type=STACK_TYPE,
        name=f"{run.project}-{run.stack}",
        custom=False,
        id="",
        inputs={},
        outputs=dict(run.outputs),
        parent="",
    )
    return (stack, *run.resources)


def build_requests(run: ProgramRun) -> WireRequests:
    resources = analyzed_resources(run)
    by_urn = {r.urn: r for r in resources}
    stack_secrets = run.secret_outputs
    analyze: list[analyzer_pb2.AnalyzeRequest] = []
    stack_resources: list[analyzer_pb2.AnalyzerResource] = []
    for res in resources:
        provider = provider_resource(res, by_urn)
        options = resource_options(res)
        analyze.append(
            analyzer_pb2.AnalyzeRequest(
                type=res.type,
                properties=input_struct(res),
                urn=res.urn,
                name=res.name,
                options=options,
                provider=provider,
            )
        )
        secrets = stack_secrets if res.type == STACK_TYPE else frozenset()
        stack_resources.append(
            analyzer_pb2.AnalyzerResource(
                type=res.type,
                properties=output_struct(res, secrets),
                urn=res.urn,
                name=res.name,
                options=options,
                provider=provider,
                parent=res.parent,
                dependencies=list(res.dependencies),
                # Like the engine, properties without dependencies are left out.
                propertyDependencies={
                    key: analyzer_pb2.AnalyzerPropertyDependencies(urns=list(urns))
                    for key, urns in res.property_dependencies.items()
                    if urns
                },
            )
        )
    return WireRequests(
        resources=resources,
        analyze=tuple(analyze),
        analyze_stack=analyzer_pb2.AnalyzeStackRequest(resources=stack_resources),
        stack_urn=run.stack_urn,
    )


def resource_options(res: RecordedResource) -> analyzer_pb2.AnalyzerResourceOptions:
    # The engine always sends customTimeouts (zeros when unset); we know protect and parent from the recording.
    return analyzer_pb2.AnalyzerResourceOptions(
        protect=res.protect, parent=res.parent, customTimeouts=analyzer_pb2.AnalyzerResourceOptions.CustomTimeouts()
    )


def provider_resource(
    res: RecordedResource, by_urn: Mapping[str, RecordedResource]
) -> analyzer_pb2.AnalyzerProviderResource | None:
    provider = by_urn.get(res.provider_urn) if res.provider else None
    if provider is None:
        return None
    return analyzer_pb2.AnalyzerProviderResource(
        type=provider.type, properties=input_struct(provider), urn=provider.urn, name=provider.name
    )


def input_struct(res: RecordedResource) -> struct_pb2.Struct:
    """The inputs exactly as on the wire when recorded (secrets and unknown sentinels kept), else encoded."""
    if res.wire_inputs is not None:
        if not has_internal_keys(res.wire_inputs):
            return res.wire_inputs
        return to_struct(json_format.MessageToDict(res.wire_inputs), urn=res.urn)
    return to_struct(res.inputs, urn=res.urn)


def output_struct(res: RecordedResource, secret_keys: frozenset[str] = frozenset()) -> struct_pb2.Struct:
    """Outputs on the wire. An output still equal to its input is sent in the input's exact wire form (a secret stays
    a secret, an unknown stays unknown, as the engine carries them over); any other output is encoded, and made secret
    when its input was secret (the engine keeps secretness of same-named properties) or ``secret_keys`` names it.
    Computed output properties of the type that the mocks did not compute are sent as unknowns
    (``schema.computed_output_names``); unset optional, non-computed ones are absent, as in the engine's state."""
    wire = input_struct(res).fields
    outputs: dict[str, Any] = {}
    if res.custom and not res.external:  # what the provider will compute is unknown in a preview
        outputs = dict.fromkeys(computed_output_names(res.type) - res.outputs.keys(), UNKNOWN)
    for key, value in res.outputs.items():
        if key.startswith("__"):
            continue
        if key in wire and key in res.inputs and _same(res.inputs[key], value, res.urn):
            outputs[key] = json_format.MessageToDict(wire[key])
            continue
        encoded = _encode(value, res.urn)
        outputs[key] = secret(encoded) if key in secret_keys or (key in wire and is_secret(wire[key])) else encoded
    return to_struct(outputs, urn=res.urn)


def to_struct(value: Mapping[str, Any], *, urn: str) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(_encode(value, urn))
    return struct


def _same(a: Any, b: Any, urn: str) -> bool:
    return a is b or _encode(a, urn) == _encode(b, urn)


def _encode(value: Any, urn: str) -> Any:
    try:
        return encode(value)
    except TypeError as exc:
        raise PolicyEngineError(f"cannot send the properties of {urn} to the policy packs: {exc}") from None
