"""A mock resource monitor that records every registration the way the engine receives it."""

from __future__ import annotations

from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockMonitor, Mocks

from fraudctl.program.model import RecordedResource


class RecordingMonitor(MockMonitor):
    """Keeps the request fields the Pulumi engine would see: inputs on the wire, parent, dependencies, provider.

    The SDK's MockMonitor keeps only (urn, id, state); the policy engine protocol and the security review also need
    the graph, so the request is kept too, in registration order.
    """

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.recorded: list[RecordedResource] = []
        self._default_providers: dict[str, str] = {}  # package -> provider reference

    def RegisterResource(self, request: Any) -> Any:
        provider = request.provider
        if request.custom and not provider and not request.type.startswith("pulumi:providers:"):
            provider = self._default_provider(request.type.split(":")[0], request.version)
        response = super().RegisterResource(request)
        registration = self.resources.get(response.urn)
        inputs = rpc.deserialize_properties(request.object)
        wire = struct_pb2.Struct()
        wire.CopyFrom(request.object)
        self.recorded.append(
            RecordedResource(
                urn=response.urn,
                type=request.type,
                name=request.name,
                custom=bool(request.custom),
                id=response.id or "",
                inputs=inputs,
                outputs=dict(registration.state) if registration else dict(inputs),
                parent=request.parent,
                dependencies=tuple(request.dependencies),
                property_dependencies={key: tuple(value.urns) for key, value in request.propertyDependencies.items()},
                provider=provider,
                protect=bool(getattr(request, "protect", False)),
                delete_before_replace=bool(getattr(request, "deleteBeforeReplace", False)),
                wire_inputs=wire,
            )
        )
        return response

    def _default_provider(self, package: str, version: str) -> str:
        """The engine registers `default_<version>` providers for resources given none; so do we."""
        if package in self._default_providers:
            return self._default_providers[package]
        from pulumi.runtime import get_config  # the stack config holds the default provider's settings

        name = "default_" + (version or "0.0.0").replace(".", "_")
        inputs = {}
        for key in ("region", "profile", "defaultTags"):
            value = get_config(f"{package}:{key}")
            if value is not None:
                inputs[key] = value
        urn = self.make_urn("", f"pulumi:providers:{package}", name)
        provider_id = f"{package}-default-provider"
        wire = struct_pb2.Struct()
        wire.update(inputs)
        self.recorded.append(
            RecordedResource(
                urn=urn,
                type=f"pulumi:providers:{package}",
                name=name,
                custom=True,
                id=provider_id,
                inputs=inputs,
                outputs=dict(inputs),
                parent="",
                wire_inputs=wire,
            )
        )
        self._default_providers[package] = f"{urn}::{provider_id}"
        return self._default_providers[package]
