"""Resource transforms (``pulumi.runtime.register_resource_transform``, ``ResourceOptions(transforms=[...])``) run as
the engine runs them.

The engine, not the SDK, runs the current transforms API (pkg/resource/deploy/source_eval.go ``RegisterResource``):
the resource's own transforms first, then those of each parent up the chain, then the stack transforms in
registration order; each gets the properties and options the previous one returned. It calls them through the SDK's
``Callbacks`` service; we call the same SDK callback (``_CallbackServicer``) with the same ``TransformRequest`` bytes,
on the program's event loop, so the SDK does its own (de)serialization exactly as with the CLI. The SDK's
``MockMonitor`` only records them ("The mock monitor does not run transforms").
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from pulumi.runtime._callbacks import _CallbackServicer
from pulumi.runtime.proto import resource_pb2


class TransformError(RuntimeError):
    """A transform raised; the message names the resource, as the engine's error does."""


class Transforms:
    """The transforms the program registered: per resource (inherited by children) and for the whole stack."""

    def __init__(self) -> None:
        self.stack: list[str] = []  # callback tokens, in registration order
        self.by_urn: dict[str, list[str]] = {}
        self.parents: dict[str, str] = {}

    def register_stack(self, token: str) -> None:
        self.stack.append(token)

    def apply(self, request: resource_pb2.RegisterResourceRequest, urn: str) -> resource_pb2.RegisterResourceRequest:
        """The request as the transforms leave it (the same object when there is nothing to run)."""
        own = [callback.token for callback in request.transforms]
        self.parents[urn] = request.parent
        if own:
            self.by_urn[urn] = own
        tokens = list(own)
        parent = request.parent
        while parent:
            tokens += self.by_urn.get(parent, [])
            parent = self.parents.get(parent, "")
        tokens += self.stack
        if not tokens:
            return request
        props, opts = request.object, _options(request)
        for token in tokens:
            props, opts = _run(token, request, props, opts)
        return _rebuilt(request, props, opts)


def _run(
    token: str,
    request: resource_pb2.RegisterResourceRequest,
    props,
    opts: resource_pb2.TransformResourceOptions,
):
    servicer, callback = _callback(token)
    message = resource_pb2.TransformRequest(
        type=request.type,
        name=request.name,
        custom=request.custom,
        parent=request.parent,
        properties=props,
        options=opts,
    )
    future = asyncio.run_coroutine_threadsafe(callback(message.SerializeToString()), servicer._loop)
    try:
        response = resource_pb2.TransformResponse.FromString(future.result().SerializeToString())
    except Exception as err:  # the user's transform raised: the engine fails the registration with its message
        raise TransformError(f"transform failed for {request.type} {request.name!r}: {err}") from err
    return (
        response.properties if response.HasField("properties") else props,
        response.options if response.HasField("options") else opts,
    )


def _callback(token: str):
    for servicer in _CallbackServicer._servicers:
        callback = servicer._callbacks.get(token)
        if callback is not None:
            return servicer, callback
    raise TransformError(f"transform callback {token} is not registered with the program")


def _options(request: resource_pb2.RegisterResourceRequest) -> resource_pb2.TransformResourceOptions:
    opts = resource_pb2.TransformResourceOptions(
        depends_on=list(request.dependencies),
        ignore_changes=list(request.ignoreChanges),
        replace_on_changes=list(request.replaceOnChanges),
        version=request.version,
        aliases=list(request.aliases),
        provider=request.provider,
        providers=dict(request.providers),
        plugin_download_url=request.pluginDownloadURL,
        deleted_with=request.deletedWith,
        additional_secret_outputs=list(request.additionalSecretOutputs),
    )
    if request.HasField("protect"):
        opts.protect = request.protect
    if request.HasField("retainOnDelete"):
        opts.retain_on_delete = request.retainOnDelete
    if request.deleteBeforeReplaceDefined:
        opts.delete_before_replace = request.deleteBeforeReplace
    if request.HasField("customTimeouts"):
        timeouts = request.customTimeouts
        opts.custom_timeouts.create, opts.custom_timeouts.update = timeouts.create, timeouts.update
        opts.custom_timeouts.delete = timeouts.delete
    return opts


def _rebuilt(
    request: resource_pb2.RegisterResourceRequest, props, opts: resource_pb2.TransformResourceOptions
) -> resource_pb2.RegisterResourceRequest:
    out = resource_pb2.RegisterResourceRequest()
    out.CopyFrom(request)
    out.object.CopyFrom(props)
    out.ClearField("dependencies")
    out.dependencies.extend(_unique(opts.depends_on))
    out.provider = opts.provider
    out.version = opts.version
    out.ClearField("ignoreChanges")
    out.ignoreChanges.extend(opts.ignore_changes)
    out.ClearField("additionalSecretOutputs")
    out.additionalSecretOutputs.extend(opts.additional_secret_outputs)
    if opts.HasField("protect"):
        out.protect = opts.protect
    if opts.HasField("retain_on_delete"):
        out.retainOnDelete = opts.retain_on_delete
    if opts.HasField("delete_before_replace"):
        out.deleteBeforeReplace, out.deleteBeforeReplaceDefined = opts.delete_before_replace, True
    return out


def _unique(urns: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(urns))
