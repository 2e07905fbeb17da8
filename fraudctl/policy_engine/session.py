"""The public entry points: ``PolicySession`` (start packs early, analyze later) and ``run_policy_packs``.

Pack start-up is dominated by the child importing ``pulumi`` and ``pulumi_policy`` (~0.3-0.5 s on a 2-core machine),
so a session spawns every pack as soon as it is entered, before the program has even run if the caller wants, and
only waits for the ports when ``analyze`` needs them. Packs boot and analyze concurrently, one worker thread each.
Every exit path, including KeyboardInterrupt, stops every process it started.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from fraudctl.program.model import ProgramRun, RecordedResource

from .config import load_config_file, reconcile_all
from .engine_service import EngineService
from .errors import PolicyEngineError
from .model import PolicyAnalysis, Timings
from .pack_run import PackRun
from .process import PackProcess, StackSettings, pack_environment
from .project import load_policy_project, resolve_python
from .remediation import Remediator
from .wire import build_requests

ProgressCallback = Callable[[str], None]
T = TypeVar("T")

DEFAULT_START_TIMEOUT = 30.0  # seconds for a pack to print its port (imports can be slow on a loaded CI box)
DEFAULT_RPC_TIMEOUT = 300.0  # per RPC; the engine has none, but a hung policy must not hang CI forever


class PolicySession:
    """Policy packs running for one stack. Enter to spawn them; call ``analyze`` once with the recorded run."""

    def __init__(
        self,
        pack_dirs: Sequence[Path],
        settings: StackSettings,
        config_file: Path | None = None,
        *,
        python: str | None = None,
        progress: ProgressCallback | None = None,
        start_timeout: float = DEFAULT_START_TIMEOUT,
        rpc_timeout: float = DEFAULT_RPC_TIMEOUT,
    ) -> None:
        # Everything that can fail without a process is checked first, so a bad file costs no pack start.
        self.settings = settings
        self.file_config = load_config_file(config_file) if config_file is not None else None
        self.projects = [(Path(d), load_policy_project(Path(d))) for d in pack_dirs]
        self._python = python
        self._progress = progress or (lambda _message: None)
        self._start_timeout = start_timeout
        self._rpc_timeout = rpc_timeout
        self._stack = ExitStack()
        self._packs: list[PackRun] = []
        self._engine: EngineService | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._entered_at = 0.0
        self._booted_at = 0.0
        self._analyzed = False
        self._ready_lock = threading.Lock()
        self._remediator: Remediator | None = None
        self.failure: PolicyEngineError | None = None  # a pack that failed while the program ran (Remediate)

    def __enter__(self) -> PolicySession:
        self._entered_at = time.perf_counter()
        try:
            self._progress("Loading policy packs...")
            self._engine = self._stack.enter_context(EngineService())
            env = pack_environment(self.settings)
            for given, project in self.projects:
                python, pack_env = resolve_python(project, self._python, env)
                process = PackProcess(project, python=python, engine_address=self._engine.address, env=pack_env)
                pack = PackRun(given_path=given, process=process, spawned_at=time.perf_counter())
                self._stack.callback(pack.close)  # registered before start: a failed spawn is still cleaned up
                process.start()
                self._packs.append(pack)
            self._pool = ThreadPoolExecutor(max_workers=max(1, len(self._packs)), thread_name_prefix="policy-pack")
            self._stack.callback(self._pool.shutdown, wait=False, cancel_futures=True)
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    @property
    def pids(self) -> list[int]:
        return [p.process.pid for p in self._packs if p.process.pid is not None]

    def remediate(self, resource: RecordedResource, provider: RecordedResource | None):
        """The program recorder's hook (``fraudctl.program.model.Remediator``): boots the packs on the first
        registration, then runs Remediate as the engine does before the resource reaches its provider. A pack that
        fails here is kept in ``failure`` (the caller reports it once the program has returned) instead of being
        raised into the program, where it would surface as a cascade of failed resources."""
        if self.failure is not None:
            return None
        try:
            return self._ready().remediate(resource, provider)
        except PolicyEngineError as err:
            self.failure = err
            return None

    def remediates(self) -> bool:
        """Boot the packs now and tell whether any policy remediates (runs Remediate on registrations)."""
        return self._ready().active

    def analyze(self, run: ProgramRun) -> PolicyAnalysis:
        """Boot and configure every pack if the program did not already, run Analyze for every resource and
        AnalyzeStack once per pack."""
        if self._pool is None or self._engine is None:
            raise RuntimeError("use PolicySession as a context manager")
        if self._analyzed:
            raise RuntimeError("a PolicySession analyzes one run; open a new session for another")
        self._analyzed = True
        if (run.project, run.stack) != (self.settings.project, self.settings.stack):
            raise PolicyEngineError(
                f"the packs were started for {self.settings.project}/{self.settings.stack}, "
                f"but the run is for {run.project}/{run.stack}"
            )
        remediator = self._ready()
        run = self._with_remediated_stack(run, remediator)
        requests = build_requests(run)
        booted = time.perf_counter()
        for pack in self._packs:
            self._progress(f"Analyzing {len(requests.analyze)} resources with {pack.info.label}")  # type: ignore[union-attr]
        results = self._all(
            lambda p: p.analyze(requests, tuple(remediator.events[id(p)]), tuple(remediator.diagnostics[id(p)]))
        )
        done = time.perf_counter()
        calls = len(requests.analyze)
        per_pack = {r.info.label: p.pack_timings(calls) for p, r in zip(self._packs, results, strict=True)}
        analyze_total = sum(t.analyze_s for t in per_pack.values())
        timings = Timings(
            pack_start_s=max((t.start_s for t in per_pack.values()), default=0.0),
            start_s=self._booted_at - self._entered_at,
            configure_s=max((t.configure_s for t in per_pack.values()), default=0.0),
            analyze_s=done - booted,
            total_s=done - self._entered_at,
            analyze_calls=calls * len(per_pack),
            analyze_mean_ms=1000 * analyze_total / (calls * len(per_pack)) if calls and per_pack else 0.0,
            per_pack=per_pack,
        )
        return PolicyAnalysis(
            stack_urn=requests.stack_urn,
            packs=tuple(results),
            timings=timings,
            engine_log=tuple(self._engine.messages),
        )

    @staticmethod
    def _with_remediated_stack(run: ProgramRun, remediator: Remediator) -> ProgramRun:
        """The root stack's Remediate, which the recorder leaves to now (see recorder.py); its inputs are empty,
        so only a remediation that adds properties to the stack itself changes anything."""
        if not remediator.active:
            return run
        resources = list(run.resources)
        for index, resource in enumerate(resources):
            if resource.type == "pulumi:pulumi:Stack":
                remediated = remediator.remediate(resource, None)
                if remediated is not None:
                    resources[index] = replace(resource, wire_inputs=remediated)
                return replace(run, resources=tuple(resources))
        return run

    def _ready(self) -> Remediator:
        """Boot (port, Handshake, ConfigureStack, GetAnalyzerInfo), reconcile the config and Configure, once."""
        if self._pool is None or self._engine is None:
            raise RuntimeError("use PolicySession as a context manager")
        with self._ready_lock:
            if self._remediator is None:
                engine_address = self._engine.address
                infos = self._all(
                    lambda p: p.boot(self.settings, engine_address, self._start_timeout, self._rpc_timeout)
                )
                self._booted_at = time.perf_counter()
                configs = reconcile_all(infos, self.file_config)
                config_by_pack = {id(p): c for p, c in zip(self._packs, configs, strict=True)}
                self._all(lambda p: p.configure(config_by_pack[id(p)]))
                self._remediator = Remediator(self._packs, configs)
            return self._remediator

    def _all(self, work: Callable[[PackRun], T]) -> list[T]:
        """Run ``work`` for every pack concurrently; re-raise the first failure (like the engine, which reports the
        first error) once all have finished, so no thread is left talking to a pack we are about to stop."""
        assert self._pool is not None
        if len(self._packs) == 1:  # no thread hand-offs for the common single-pack case
            return [work(self._packs[0])]
        futures: list[Future[T]] = [self._pool.submit(work, pack) for pack in self._packs]
        errors = [f.exception() for f in futures]
        for error in errors:
            if error is not None:
                raise error
        return [f.result() for f in futures]


def run_policy_packs(
    run: ProgramRun,
    pack_dirs: Sequence[Path],
    config_file: Path | None = None,
    *,
    python: str | None = None,
    progress: ProgressCallback | None = None,
    start_timeout: float = DEFAULT_START_TIMEOUT,
) -> PolicyAnalysis:
    """Run the policy packs against a recorded program run, as ``pulumi preview --policy-pack ...`` would.

    Raises PolicyEngineError (exit code 2) when a pack cannot start or its config is invalid; violations are data in
    the returned PolicyAnalysis (``exit_code`` is 1 when any is mandatory, else 0).
    """
    settings = StackSettings(run.project, run.stack, run.organization, dict(run.config))
    session = PolicySession(
        pack_dirs,
        settings,
        config_file,
        python=python,
        progress=progress,
        start_timeout=start_timeout,
    )
    with session:
        return session.analyze(run)
