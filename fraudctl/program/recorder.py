"""A mock resource monitor that records every registration the way the engine receives it, and answers as it does.

On top of the SDK's ``MockMonitor`` (which only keeps urn, id and state), it does what the engine's resource monitor
does before a provider sees a resource: runs the transforms (``transforms.py``), turns resource references into IDs
or URNs (``wire_refs.py``), registers default providers named as the engine names them, lets the policy packs
remediate the inputs, and keeps the request fields the analyzer protocol and the review need (wire inputs, parent,
dependencies, provider), in registration order.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockMonitor, Mocks
from pulumi.runtime.proto import resource_pb2

from fraudctl.program.model import RecordedResource, Remediator
from fraudctl.program.transforms import Transforms
from fraudctl.program.wire_refs import without_references

STACK_TYPE = "pulumi:pulumi:Stack"


class RecordingMonitor(MockMonitor):
    def __init__(
        self, mocks: Mocks, config: Mapping[str, str] | None = None, remediate: Remediator | None = None
    ) -> None:
        super().__init__(mocks)
        self.recorded: list[RecordedResource] = []
        self.transforms = Transforms()
        self._config = dict(config or {})
        self._remediate = remediate
        self._default_providers: dict[str, str] = {}  # package@version -> provider reference
        self._by_urn: dict[str, RecordedResource] = {}
        # Registrations arrive on the SDK's executor threads: one default provider per package, however many race.
        self._provider_lock = threading.Lock()

    def RegisterResource(self, request: Any) -> Any:
        urn = self.make_urn(request.parent, request.type, request.name)
        if request.type != STACK_TYPE:
            request = self.transforms.apply(request, urn)
        request = _with_object(request, without_references(request.object))
        is_provider = request.type.startswith("pulumi:providers:")
        provider = request.provider
        if request.custom and not provider and not is_provider:
            provider = self._default_provider(request.type.split(":")[0], request.version)
        if is_provider and request.version:
            request = _with_object(request, _with_field(request.object, "version", request.version))
        # The root stack registers before the program even imports its modules: blocking it on the packs' boot would
        # serialize pack start and program imports, so its (input-less) Remediate is left to the analysis.
        if self._remediate is not None and request.type != STACK_TYPE:
            draft = self._resource(request, urn, "", provider, request.object, {})
            remediated = self._remediate(draft, self._by_urn.get(draft.provider_urn))
            if remediated is not None:
                request = _with_object(request, remediated)
        if request.remote:  # the provider's Construct would build it; offline its outputs stay unknown
            response = resource_pb2.RegisterResourceResponse(urn=urn)
        else:
            response = super().RegisterResource(request)
        registration = self.resources.get(response.urn)
        resource = self._resource(request, response.urn, response.id or "", provider, request.object, None)
        if registration is not None:
            resource = replace(resource, outputs=dict(registration.state))
        elif not request.remote:  # the stack: no mocks involved
            resource = replace(resource, outputs=dict(resource.inputs))
        self._record(resource)
        return response

    def ReadResource(self, request: Any) -> Any:
        clean = resource_pb2.ReadResourceRequest()
        clean.CopyFrom(request)
        clean.properties.CopyFrom(without_references(request.properties))
        response = super().ReadResource(clean)
        registration = self.resources[response.urn]
        provider = clean.provider
        if not provider and not clean.type.startswith("pulumi:"):
            provider = self._default_provider(clean.type.split(":")[0], clean.version)
        resource = RecordedResource(
            urn=response.urn,
            type=clean.type,
            name=clean.name,
            custom=True,
            id=registration.id or clean.id,
            inputs=rpc.deserialize_properties(clean.properties),
            outputs=dict(registration.state),
            parent=clean.parent,
            dependencies=tuple(clean.dependencies),
            provider=provider,
            wire_inputs=_copy(clean.properties),
            external=True,
        )
        self._record(resource)
        return response

    def Invoke(self, request: Any) -> Any:
        clean = resource_pb2.ResourceInvokeRequest()
        clean.CopyFrom(request)
        clean.args.CopyFrom(without_references(request.args))
        return super().Invoke(clean)

    def RegisterStackTransform(self, request: Any) -> Any:
        self.transforms.register_stack(request.token)
        return super().RegisterStackTransform(request)

    def _resource(self, request, urn: str, resource_id: str, provider: str, wire, state) -> RecordedResource:
        # `state` None: outputs are filled in by the caller once the mocks answered.
        return RecordedResource(
            urn=urn,
            type=request.type,
            name=request.name,
            custom=bool(request.custom),
            id=resource_id,
            inputs=rpc.deserialize_properties(wire),
            outputs=state if state is not None else {},
            parent=request.parent,
            dependencies=tuple(request.dependencies),
            property_dependencies={key: tuple(value.urns) for key, value in request.propertyDependencies.items()},
            provider=provider,
            protect=bool(request.protect),
            delete_before_replace=bool(request.deleteBeforeReplace),
            wire_inputs=_copy(wire),
            remote=bool(request.remote),
        )

    def _record(self, resource: RecordedResource) -> None:
        self.recorded.append(resource)
        self._by_urn[resource.urn] = resource

    def _default_provider(self, package: str, version: str) -> str:
        """The engine registers a default provider per package and version the first time one is needed: named
        ``default`` (``default_<major>_<minor>_<patch>`` with a version), inputs = the package's stack config plus
        ``version`` (``ProviderRequest.DefaultName``, ``newRegisterDefaultProviderEvent``)."""
        key = f"{package}@{version}"
        with self._provider_lock:
            if key not in self._default_providers:
                self._default_providers[key] = self._register_default_provider(package, version)
            return self._default_providers[key]

    def _register_default_provider(self, package: str, version: str) -> str:
        name = "default" + ("_" + version.replace(".", "_").replace("-", "_") if version else "")
        prefix = f"{package}:"
        inputs: dict[str, Any] = {k[len(prefix) :]: v for k, v in self._config.items() if k.startswith(prefix)}
        if version:
            inputs["version"] = version
        urn = self.make_urn("", f"pulumi:providers:{package}", name)
        wire = struct_pb2.Struct()
        wire.update(inputs)
        draft = RecordedResource(urn, f"pulumi:providers:{package}", name, True, "", inputs, {}, "", wire_inputs=wire)
        if self._remediate is not None:
            remediated = self._remediate(draft, None)
            if remediated is not None:
                wire, inputs = remediated, rpc.deserialize_properties(remediated)
        provider_id, state = self.mocks.new_resource(
            _MockArgs(f"pulumi:providers:{package}", name, inputs)  # type: ignore[arg-type]
        )
        self._record(
            RecordedResource(urn, draft.type, name, True, provider_id or "", inputs, state, "", wire_inputs=wire)
        )
        return f"{urn}::{provider_id}"


class _MockArgs:
    """What ``Mocks.new_resource`` reads, for the providers the monitor registers itself."""

    def __init__(self, typ: str, name: str, inputs: dict[str, Any]) -> None:
        self.typ, self.name, self.inputs = typ, name, dict(inputs)
        self.provider, self.resource_id, self.custom, self.transforms = None, None, True, []


def _with_object(request: Any, obj: struct_pb2.Struct) -> Any:
    if obj is request.object:
        return request
    out = type(request)()
    out.CopyFrom(request)
    out.object.CopyFrom(obj)
    return out


def _with_field(struct: struct_pb2.Struct, key: str, value: str) -> struct_pb2.Struct:
    out = _copy(struct)
    out.fields[key].string_value = value
    return out


def _copy(struct: struct_pb2.Struct) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.CopyFrom(struct)
    return out
