"""The analyzer RPCs, in the engine's order and with the engine's conversions of the answers.

Sequence (plugin.NewPolicyAnalyzer, engine.installAndLoadPolicyPlugins, step generator): Handshake (UNIMPLEMENTED is
fine, pulumi_policy 1.21 does not implement it), ConfigureStack (UNIMPLEMENTED is fine), GetAnalyzerInfo, Configure,
then Remediate (packs with a policy at level remediate) and Analyze per resource, and AnalyzeStack
once. Conversions follow ``analyzer.GetAnalyzerInfo``/``convertDiagnostics``:
policies sorted by name, ``enforcementLevel`` injected into every schema when the pack supports config, the
PulumiPolicy.yaml version overriding the SDK's "0.0.1" (also on diagnostics), and a diagnostic without severity taking
its policy's severity.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import grpc
from google.protobuf import empty_pb2, json_format, struct_pb2
from google.protobuf.message import Message
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from .levels import EnforcementLevel, level_from_proto, level_to_proto, policy_type_from_proto, severity_from_proto
from .model import PackInfo, PolicyConfig, PolicyInfo
from .process import StackSettings
from .project import PolicyProject

_MAX_MESSAGE = 400 * 1024 * 1024  # the SDK's and the engine's raised gRPC limit (large stacks)
_LEVEL_SCHEMA = {"type": "string", "enum": [level.value for level in EnforcementLevel]}


class AnalyzerClient:
    """A gRPC connection to one pack's ``pulumirpc.Analyzer`` server."""

    def __init__(self, address: str, *, timeout: float | None = None) -> None:
        options = [("grpc.max_receive_message_length", _MAX_MESSAGE), ("grpc.max_send_message_length", _MAX_MESSAGE)]
        self._channel = grpc.insecure_channel(address, options=options)
        self._stub = analyzer_pb2_grpc.AnalyzerStub(self._channel)
        self.timeout = timeout

    def close(self) -> None:
        self._channel.close()

    def handshake(self, engine_address: str, pack_dir: str) -> None:
        # Root and program directory are both the pack directory (the PulumiPolicy.yaml location).
        request = analyzer_pb2.AnalyzerHandshakeRequest(
            engine_address=engine_address, root_directory=pack_dir, program_directory=pack_dir
        )
        self._tolerate_unimplemented(self._stub.Handshake, request)

    def configure_stack(self, settings: StackSettings) -> None:
        request = analyzer_pb2.AnalyzerStackConfigureRequest(
            stack=settings.stack,
            project=settings.project,
            organization=settings.organization,
            dry_run=settings.dry_run,
            config=dict(settings.config),
        )
        self._tolerate_unimplemented(self._stub.ConfigureStack, request)

    def get_analyzer_info(self, project: PolicyProject, display_path: str) -> PackInfo:
        info = self._stub.GetAnalyzerInfo(empty_pb2.Empty(), timeout=self.timeout)
        policies = sorted((_policy_info(p, info.supportsConfig) for p in info.policies), key=lambda p: p.name)
        initial = {
            name: PolicyConfig(level_from_proto(c.enforcementLevel), json_format.MessageToDict(c.properties) or None)
            for name, c in info.initialConfig.items()
        }
        return PackInfo(
            name=info.name,
            version=project.version or info.version,
            path=project.path,
            display_path=display_path,
            policies=tuple(policies),
            initial_config=initial,
            supports_config=info.supportsConfig,
            description=info.description or project.description,
            display_name=info.displayName,
        )

    def configure(self, config: Mapping[str, PolicyConfig]) -> None:
        if not config:  # the engine returns early on an empty config
            return
        request = analyzer_pb2.ConfigureAnalyzerRequest(
            policyConfig={
                name: analyzer_pb2.PolicyConfig(
                    enforcementLevel=level_to_proto(entry.enforcement_level), properties=_struct(entry.properties)
                )
                for name, entry in config.items()
            }
        )
        self._stub.Configure(request, timeout=self.timeout)

    def analyze(self, request: analyzer_pb2.AnalyzeRequest) -> analyzer_pb2.AnalyzeResponse:
        return self._stub.Analyze(request, timeout=self.timeout)

    def remediate(self, request: analyzer_pb2.AnalyzeRequest) -> analyzer_pb2.RemediateResponse:
        try:
            return self._stub.Remediate(request, timeout=self.timeout)
        except grpc.RpcError as exc:
            # The engine skips packs too old to implement Remediate.
            if exc.code() == grpc.StatusCode.UNIMPLEMENTED:
                return analyzer_pb2.RemediateResponse()
            raise

    def analyze_stack(self, request: analyzer_pb2.AnalyzeStackRequest) -> analyzer_pb2.AnalyzeResponse:
        try:
            return self._stub.AnalyzeStack(request, timeout=self.timeout)
        except grpc.RpcError as exc:
            # The engine skips packs too old to implement AnalyzeStack.
            if exc.code() == grpc.StatusCode.UNIMPLEMENTED:
                return analyzer_pb2.AnalyzeResponse()
            raise

    def _tolerate_unimplemented(self, method: Callable[..., Message], request: Message) -> None:
        try:
            method(request, timeout=self.timeout)
        except grpc.RpcError as exc:
            if exc.code() != grpc.StatusCode.UNIMPLEMENTED:
                raise


def _policy_info(policy: analyzer_pb2.PolicyInfo, supports_config: bool) -> PolicyInfo:
    schema = None
    if supports_config:
        has_schema = policy.HasField("configSchema")
        properties = json_format.MessageToDict(policy.configSchema.properties) if has_schema else {}
        schema = {"properties": {**properties, "enforcementLevel": _LEVEL_SCHEMA}}
        if policy.configSchema.required:
            schema["required"] = list(policy.configSchema.required)
    return PolicyInfo(
        name=policy.name,
        description=policy.description,
        enforcement_level=level_from_proto(policy.enforcementLevel),
        severity=severity_from_proto(policy.severity),
        policy_type=policy_type_from_proto(policy.policy_type),
        config_schema=schema,
        display_name=policy.displayName,
    )


def _struct(properties: Mapping[str, object] | None) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    if properties:
        struct.update(properties)
    return struct
