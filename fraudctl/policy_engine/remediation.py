"""Remediations, run as the engine runs them: during the program, before each resource reaches its provider.

step_generator.go ``continueStepsFromImport`` makes two passes over the analyzers for every registration: first
``Remediate`` (pack by pack, each seeing the inputs the previous remediation left), then ``Analyze`` on the final
inputs. A remediation's properties replace the inputs from then on (so the provider, here the mocks, creates the
remediated resource, and its outputs show it), and the engine emits a PolicyRemediationEvent with before and after;
a remediation's diagnostic ("can't run remediation ... during preview") is reported as an advisory violation.
Remediate is marshalled like Analyze but keeping internal keys (``SkipInternalKeys: false``).

Only packs with a resource policy whose effective level is ``remediate`` are called: the SDK's Remediate answers
nothing for any other pack, so skipping the RPC changes no result and saves one round trip per resource.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

from google.protobuf import json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2

from fraudctl.program.model import RecordedResource

from .levels import EnforcementLevel, Severity
from .model import Diagnostic, PackInfo, PolicyConfig, Remediation
from .pack_run import PackRun
from .wire import input_struct, resource_options


def effective_level(info: PackInfo, config: Mapping[str, PolicyConfig], policy_name: str) -> str:
    """The level the SDK applies: the configured one (an entry without a level means advisory), else its own."""
    entry = config.get(policy_name)
    if entry is not None:
        return entry.enforcement_level or EnforcementLevel.ADVISORY
    policy = info.policy(policy_name)
    return policy.enforcement_level if policy else EnforcementLevel.ADVISORY


def remediates(info: PackInfo, config: Mapping[str, PolicyConfig]) -> bool:
    return any(
        p.policy_type in ("resource", "unknown") and effective_level(info, config, p.name) == EnforcementLevel.REMEDIATE
        for p in info.policies
    )


class Remediator:
    """Calls Remediate on the remediating packs, one registration at a time (the engine's step generator is
    sequential), and keeps the events and diagnostics per pack for the analysis."""

    def __init__(self, packs: Sequence[PackRun], configs: Sequence[Mapping[str, PolicyConfig]]) -> None:
        self._packs = [pack for pack, config in zip(packs, configs, strict=True) if remediates(pack.info, config)]
        self.events: dict[int, list[Remediation]] = {id(pack): [] for pack in packs}
        self.diagnostics: dict[int, list[Diagnostic]] = {id(pack): [] for pack in packs}
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        return bool(self._packs)

    def remediate(self, resource: RecordedResource, provider: RecordedResource | None) -> struct_pb2.Struct | None:
        if not self._packs:
            return None
        with self._lock:
            current = input_struct(resource)
            changed = False
            for pack in self._packs:
                request = analyzer_pb2.AnalyzeRequest(
                    type=resource.type,
                    properties=current,
                    urn=resource.urn,
                    name=resource.name,
                    options=resource_options(resource),
                    provider=_provider(provider),
                )
                response = pack.remediate(request)
                for item in response.remediations:
                    if item.diagnostic:
                        self.diagnostics[id(pack)].append(_advisory(pack.info, item, resource.urn))
                    elif item.HasField("properties"):
                        self.events[id(pack)].append(_event(pack.info, item, resource.urn, current))
                        current, changed = item.properties, True
            return current if changed else None


def _provider(provider: RecordedResource | None) -> analyzer_pb2.AnalyzerProviderResource | None:
    if provider is None:
        return None
    return analyzer_pb2.AnalyzerProviderResource(
        type=provider.type, properties=input_struct(provider), urn=provider.urn, name=provider.name
    )


def _event(info: PackInfo, item: analyzer_pb2.Remediation, urn: str, before: struct_pb2.Struct) -> Remediation:
    return Remediation(
        policy_name=item.policyName,
        pack_name=item.policyPackName or info.name,
        pack_version=info.version,  # PulumiPolicy.yaml's version wins, as for diagnostics
        urn=urn,
        before=json_format.MessageToDict(before),
        after=json_format.MessageToDict(item.properties),
    )


def _advisory(info: PackInfo, item: analyzer_pb2.Remediation, urn: str) -> Diagnostic:
    policy = info.policy(item.policyName)
    return Diagnostic(
        policy_name=item.policyName,
        pack_name=item.policyPackName or info.name,
        pack_version=info.version,
        enforcement_level=EnforcementLevel.ADVISORY,
        severity=policy.severity if policy else Severity.UNSPECIFIED,
        description=item.description,
        full_message=item.diagnostic,
        urn=urn,
    )
