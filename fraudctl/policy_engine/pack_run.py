"""The work done for one pack (on a worker thread, or inline when there is one pack): boot (port, Handshake,
ConfigureStack, GetAnalyzerInfo), Configure, Remediate while the program runs (``remediation.py``), and analysis
(one Analyze per resource in registration order, then AnalyzeStack).

Analyze calls are sent one at a time, in registration order, as the engine's step generator does: policies may keep
state across calls and are not written to run concurrently. Each call costs ~1 ms of Python gRPC overhead on a 2-core
machine; keeping several in flight measured no faster once calls are blocking (no hand-off to gRPC's thread), so we
do not. Packs themselves run in parallel, one thread each.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from pulumi.runtime.proto import analyzer_pb2

from .client import AnalyzerClient
from .errors import PolicyEngineError
from .model import Diagnostic, PackInfo, PackResult, PackTimings, PolicyConfig, PolicySummary, Remediation
from .process import PackProcess, StackSettings
from .results import summarize, to_diagnostics
from .urns import abbreviate_path
from .wire import WireRequests


@dataclass
class PackRun:
    """Mutable per-pack state while a session is open."""

    given_path: Path
    process: PackProcess
    spawned_at: float
    client: AnalyzerClient | None = None
    info: PackInfo | None = None
    config: dict[str, PolicyConfig] = field(default_factory=dict)  # as sent in Configure
    timings: dict[str, float] = field(default_factory=dict)

    def boot(self, settings: StackSettings, engine_address: str, start_timeout: float, rpc_timeout: float) -> PackInfo:
        self.process.wait_for_port(start_timeout)
        ready = time.perf_counter()
        self.timings["start_s"] = ready - self.spawned_at
        self.client = AnalyzerClient(self.process.address, timeout=rpc_timeout)
        project = self.process.project
        try:
            self.client.handshake(engine_address, str(project.path))
            self.client.configure_stack(settings)
            self.info = self.client.get_analyzer_info(project, abbreviate_path(str(self.given_path)))
        except grpc.RpcError as exc:
            raise self._rpc_failure("starting", exc) from None
        self.timings["handshake_info_s"] = time.perf_counter() - ready
        return self.info

    def configure(self, config: Mapping[str, PolicyConfig]) -> None:
        assert self.client is not None, "boot() first"
        started = time.perf_counter()
        try:
            self.client.configure(config)
        except grpc.RpcError as exc:
            raise self._rpc_failure("configuring", exc) from None
        self.config = dict(config)
        self.timings["configure_s"] = time.perf_counter() - started

    def remediate(self, request: analyzer_pb2.AnalyzeRequest) -> analyzer_pb2.RemediateResponse:
        assert self.client is not None, "boot() first"
        try:
            return self.client.remediate(request)
        except grpc.RpcError as exc:
            # The engine stops the update: "failed to run remediation: ..."
            raise self._rpc_failure(f"remediating {request.urn}", exc) from None

    def analyze(
        self, requests: WireRequests, remediations: tuple[Remediation, ...] = (), early: tuple[Diagnostic, ...] = ()
    ) -> PackResult:
        """Analyze every resource, then the stack; ``early`` are the remediation pass's diagnostics."""
        assert self.client is not None and self.info is not None, "boot() and configure() first"
        info, client, config = self.info, self.client, self.config
        configured = time.perf_counter()
        diagnostics: list[Diagnostic] = list(early)
        summaries: list[PolicySummary] = []
        for request in requests.analyze:
            try:
                response = client.analyze(request)
            except grpc.RpcError as exc:
                raise self._rpc_failure(f"analyzing {request.urn}", exc) from None
            diagnostics += to_diagnostics(info, response, resource_urn=request.urn)
            summaries.append(summarize(info, config, response, policy_type="resource", urn=request.urn))
        analyzed = time.perf_counter()
        try:
            response = client.analyze_stack(requests.analyze_stack)
        except grpc.RpcError as exc:
            raise self._rpc_failure("analyzing the stack", exc) from None
        known = frozenset(r.urn for r in requests.resources)
        diagnostics += to_diagnostics(info, response, known_urns=known, stack_urn=requests.stack_urn)
        stack_summary = summarize(info, config, response, policy_type="stack")
        done = time.perf_counter()
        self.timings.update(analyze_s=analyzed - configured, analyze_stack_s=done - analyzed)
        return PackResult(
            info=info,
            config=dict(config),
            diagnostics=tuple(diagnostics),
            resource_summaries=tuple(summaries),
            stack_summary=stack_summary,
            logs=tuple(self.process.output),
            remediations=remediations,
        )

    def pack_timings(self, analyze_calls: int) -> PackTimings:
        t = self.timings
        return PackTimings(
            start_s=t.get("start_s", 0.0),
            handshake_info_s=t.get("handshake_info_s", 0.0),
            configure_s=t.get("configure_s", 0.0),
            analyze_s=t.get("analyze_s", 0.0),
            analyze_calls=analyze_calls,
            analyze_stack_s=t.get("analyze_stack_s", 0.0),
        )

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        self.process.stop()

    def _rpc_failure(self, what: str, exc: grpc.RpcError) -> PolicyEngineError:
        label = self.info.label if self.info else f'at "{self.process.project.path}"'
        # A policy that raises surfaces as UNKNOWN "Exception calling application: ..."; its traceback went to stderr.
        details = exc.details() if hasattr(exc, "details") else str(exc)
        message = f"policy pack {label} failed while {what}: {exc.code().name}: {details}"
        self.process.settle_output()
        tail = self.process.stderr_tail().strip()
        return PolicyEngineError(f"{message}\nstderr:\n{tail}" if tail else message)
