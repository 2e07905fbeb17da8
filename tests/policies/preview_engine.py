"""Harness stacks as a first `pulumi preview` sends them, through the product's policy engine to the real pack.

`pack_harness.analyze` feeds the SDK's servicer in-process with what the test wrote, so AnalyzeStack sees no unknown
the test did not put there. Here a stack goes the way `fraudctl preview` sends a recorded run: `wire.build_requests`
builds the requests (AnalyzeStack's properties by `wire.output_struct`, which sends every output property of the type
that the program did not set as the unknown sentinel, as the engine does for a resource still to be created), and a
`PackRun` drives the pack, started from policies/PulumiPolicy.yaml, over gRPC.

The stack is seen as in a first preview: the provider has computed nothing yet. A resource's known outputs are its
inputs (what the program set); the ids and ARNs the harness lists as `outputs` are left to the provider, so they are
unknown, and references to them hold through property dependencies only.

One pack process serves every case: `PreviewPack.analyze` reconfigures it with only the policies a case is about
enabled, then sends Analyze for the resources those policies look at and AnalyzeStack once.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import TracebackType
from typing import Any

from fraud_guardrails.pack import rules
from google.protobuf import struct_pb2
from pack_harness import PACK_DIR, PROJECT, STACK, Diag, Stack

from fraudctl.policy_engine.config import parse_config, reconcile_all
from fraudctl.policy_engine.engine_service import EngineService
from fraudctl.policy_engine.model import Diagnostic, PackInfo
from fraudctl.policy_engine.pack_run import PackRun
from fraudctl.policy_engine.process import PackProcess, StackSettings, pack_environment
from fraudctl.policy_engine.project import load_policy_project, resolve_python
from fraudctl.policy_engine.wire import build_requests
from fraudctl.program.model import ProgramRun, RecordedResource

PROVIDER_ID = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # a preview's provider id: unknown
REGION_CONFIG = {"aws:region": "us-east-2"}
RULES = {rule.name: rule for rule in rules()}


def _struct(values: Mapping[str, Any]) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update(values)
    return message


def first_preview(stack: Stack) -> ProgramRun:
    """The stack as recorded for a first preview: known outputs are the inputs, the rest is the provider's."""
    resources = []
    for res in stack.resources.values():
        custom = res.type.startswith(("aws:", "pulumi:providers:"))  # the rest are component resources
        provider = stack.resources.get(res.provider) if res.provider else None
        property_dependencies = {
            key: tuple(stack[name].urn for name in names if name in stack.resources) for key, names in res.deps.items()
        }
        resources.append(
            RecordedResource(
                urn=res.urn,
                type=res.type,
                name=res.name,
                custom=custom,
                id="",
                inputs=dict(res.props),
                outputs=dict(res.props) if custom else {},
                parent="",
                dependencies=tuple(sorted({urn for urns in property_dependencies.values() for urn in urns})),
                property_dependencies=property_dependencies,
                provider=f"{provider.urn}::{PROVIDER_ID}" if provider is not None else "",
                wire_inputs=_struct(res.props),
            )
        )
    return ProgramRun(
        project=PROJECT,
        stack=STACK,
        organization="",
        config=dict(REGION_CONFIG),
        resources=tuple(resources),
        outputs={},
    )


def first_preview_of(run: ProgramRun) -> ProgramRun:
    """A run recorded under the mocks as a first preview sees it: the mocks' computed outputs (ids, ARNs, defaults)
    are left to the provider, so each managed resource's known outputs are its inputs."""
    resources = tuple(
        replace(res, outputs=dict(res.inputs)) if res.custom and not res.external and not res.is_provider else res
        for res in run.resources
    )
    return replace(run, resources=resources)


def _diag(diagnostic: Diagnostic) -> Diag:
    return Diag(
        policy=diagnostic.policy_name,
        urn=diagnostic.urn,
        message=diagnostic.message,
        level=diagnostic.enforcement_level.value,
        stack=diagnostic.stack_policy,
    )


class PreviewPack:
    """The pack as `fraudctl preview` runs it, started once; use as a context manager."""

    def __init__(self) -> None:
        self.settings = StackSettings(PROJECT, STACK, "", dict(REGION_CONFIG))
        self._engine: EngineService | None = None
        self._pack: PackRun | None = None
        self.info: PackInfo | None = None

    def __enter__(self) -> PreviewPack:
        self._engine = EngineService().__enter__()
        try:
            project = load_policy_project(PACK_DIR)
            python, env = resolve_python(project, sys.executable, pack_environment(self.settings))
            process = PackProcess(project, python=python, engine_address=self._engine.address, env=env)
            self._pack = PackRun(given_path=PACK_DIR, process=process, spawned_at=time.perf_counter())
            process.start()
            self.info = self._pack.boot(self.settings, self._engine.address, 60.0, 120.0)
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._pack is not None:
            self._pack.close()
        if self._engine is not None:
            self._engine.__exit__(kind, error, traceback)

    def analyze(self, stack: Stack, policies: Iterable[str], config: Mapping[str, Any] | None = None) -> list[Diag]:
        """Every diagnostic of `policies` (the others disabled) on the stack in a first preview; `config` is applied
        over the stack's own."""
        return self.analyze_run(first_preview(stack), policies, {**stack.config, **(config or {})})

    def analyze_run(self, run: ProgramRun, policies: Iterable[str], config: Mapping[str, Any]) -> list[Diag]:
        """Every diagnostic of `policies` (the others disabled) on a recorded run, as `fraudctl preview` sends it."""
        assert self._pack is not None and self.info is not None, "use PreviewPack as a context manager"
        enabled = set(policies)
        settings = {name: "disabled" for name in RULES if name not in enabled}
        settings.update({name: value for name, value in config.items() if name in enabled})
        (reconciled,) = reconcile_all([self.info], parse_config(json.dumps(settings)))
        self._pack.configure(reconciled)
        requests = build_requests(run)
        # Only the resources an enabled resource policy looks at: the others' Analyze calls would answer nothing.
        wanted = [RULES[name] for name in enabled if RULES[name].kind == "resource"]
        analyze = tuple(r for r in requests.analyze if any(rule.applies_to(r.type) for rule in wanted))
        result = self._pack.analyze(replace(requests, analyze=analyze))
        return [_diag(d) for d in result.diagnostics]
