"""A minimal ``pulumirpc.Engine`` service, so packs get a real engine address as they do under the CLI.

What a pack does with the address (checked against pulumi 3.272 / pulumi_policy 1.21): ``pulumi/policy/__main__.py``
parses it but configures the runtime without it, and pulumi_policy's Handshake is UNIMPLEMENTED, so today's SDK never
dials it and ``pulumi.log`` falls back to stderr (which we capture). We still serve the Engine service because the
engine passes its address both on the command line and in Handshake, and an SDK that starts using it must find
something that answers Log rather than a dead port. Cost: one small gRPC server per run, shared by all packs.
"""

from __future__ import annotations

import threading
from concurrent import futures

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

_SEVERITY = {
    engine_pb2.DEBUG: "debug",
    engine_pb2.INFO: "info",
    engine_pb2.WARNING: "warning",
    engine_pb2.ERROR: "error",
}


class _EngineServicer(engine_pb2_grpc.EngineServicer):
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[str] = []
        self.root_urn = ""

    def Log(self, request: engine_pb2.LogRequest, context: grpc.ServicerContext) -> empty_pb2.Empty:
        severity = _SEVERITY.get(request.severity, "info")
        where = f" ({request.urn})" if request.urn else ""
        with self.lock:
            self.messages.append(f"{severity}: {request.message}{where}")
        return empty_pb2.Empty()

    def GetRootResource(self, request, context):
        with self.lock:
            return engine_pb2.GetRootResourceResponse(urn=self.root_urn)

    def SetRootResource(self, request, context):
        with self.lock:
            self.root_urn = request.urn
        return engine_pb2.SetRootResourceResponse()


class EngineService:
    """Serves the Engine service on 127.0.0.1:<free port> for the lifetime of a ``with`` block."""

    def __init__(self) -> None:
        self._servicer = _EngineServicer()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="engine-svc"))
        engine_pb2_grpc.add_EngineServicer_to_server(self._servicer, self._server)
        self.port = self._server.add_insecure_port("127.0.0.1:0")

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[str]:
        """Log messages received so far (copy)."""
        with self._servicer.lock:
            return list(self._servicer.messages)

    def __enter__(self) -> EngineService:
        self._server.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.stop(grace=None)
