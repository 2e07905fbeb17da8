"""The whole system on this machine, started from the Pulumi program and stopped together: moto with the program's
data resources, one worker process per function, the API, the stream mapping and the schedules.

    with LocalSystem.start(project_dir, stack="dev", port=0) as system:
        system.api_client().post_transaction({...})
        system.wait_for_analysis("txn-1")
        system.run_report("2026-01-31")
"""

from __future__ import annotations

import dataclasses
import os
import time
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from fraudctl.local import control
from fraudctl.local.api_client import ApiClient
from fraudctl.local.apigateway import HttpRequest, HttpResponse
from fraudctl.local.assembly import API_LOG, LOCAL_LOG, Parts, start_parts, stop_parts
from fraudctl.local.emulator.iam_usage import USAGE_FILE
from fraudctl.local.errors import FunctionFailed, LocalModeError
from fraudctl.local.lambda_ import Invocation
from fraudctl.local.logs import LogHub
from fraudctl.local.options import STATE_DIR, LocalOptions
from fraudctl.local.program_view import read_topology
from fraudctl.local.schedule import scheduled_event
from fraudctl.local.topology import Schedule, Topology
from fraudctl.program.model import ProgramRun
from fraudctl.program.project import ProjectError, load_project
from fraudctl.program.runner import ProgramError, run_program


class LocalSystem:
    _parts: Parts | None = None
    topology: Topology

    def __init__(self, project_dir: Path, stack: str, options: LocalOptions) -> None:
        self.project_dir = project_dir.resolve()
        self.stack = stack
        self.options = options
        self.state_dir = Path(options.state_dir or self.project_dir / STATE_DIR).resolve()
        self.log_dir = self.state_dir / "logs"
        self.started_in_s = 0.0
        self._control = control.ControlEndpoint(control.new_token(), {"report": self._control_report})

    @classmethod
    def start(
        cls, project_dir: Path | str = ".", stack: str = "dev", options: LocalOptions | None = None, **changes: Any
    ) -> LocalSystem:
        """Start everything, or nothing: `changes` are LocalOptions fields (port=0, functions_dir=..., ...)."""
        system = cls(Path(project_dir), stack, dataclasses.replace(options or LocalOptions(), **changes))
        try:
            system._start()
        except BaseException:
            system.stop()
            raise
        return system

    def __enter__(self) -> LocalSystem:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def parts(self) -> Parts:
        """The running parts: pools (workers), pollers (stream stats), provisioned, init_errors, logs."""
        if self._parts is None:
            raise LocalModeError("the local system is not running")
        return self._parts

    @property
    def base_url(self) -> str:
        server = self.parts.server
        if server is None:
            raise LocalModeError("no API is served: the program declares no REST API stage")
        return f"http://{server.host}:{server.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/{self.topology.api.stage_name}"  # type: ignore[union-attr]

    @property
    def api_key(self) -> str | None:
        return min(self.topology.api.api_keys, default=None) if self.topology.api else None

    @property
    def moto_endpoint(self) -> str:
        return self.parts.moto.endpoint if self.parts.moto else ""

    def client(self, service: str) -> Any:
        """A boto3 client bound to this system's moto (fake credentials, the program's region)."""
        moto = self.parts.moto
        assert moto is not None
        return moto.client(service)

    dynamodb = cached_property(lambda self: self.client("dynamodb"))
    s3 = cached_property(lambda self: self.client("s3"))
    sqs = cached_property(lambda self: self.client("sqs"))

    def api_client(self) -> ApiClient:
        return ApiClient(self.api_url, self.api_key)

    def invoke(self, function_name: str, event: Any, timeout_s: float | None = None) -> Invocation:
        return self.parts.invoke(function_name, event, timeout_s)

    def run_report(self, day: date | str) -> dict[str, Any]:
        """Run the scheduled function now for one day, as `fraudctl local report --date` does; its result."""
        invocation = self.invoke(self._schedule().function_name, {"date": str(day)})
        if not invocation.ok:
            raise FunctionFailed(invocation)
        return invocation.payload

    def fire_schedule(self, at: datetime | None = None, rule_name: str | None = None) -> Invocation:
        """Deliver a schedule's event now, as if it fired at `at` (default: the last midnight UTC)."""
        schedule = self._schedule(rule_name)
        moment = at or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        invocation = self.invoke(
            schedule.function_name, scheduled_event(schedule, moment, self.topology.account_id, self.topology.region)
        )
        error = invocation.error
        outcome = f"failed: {error.error_type}: {error.message}" if error else "ok"
        self.parts.logs.sink(LOCAL_LOG).write(f"schedule {schedule.rule_name} at {moment:%Y-%m-%dT%H:%M}Z: {outcome}")
        return invocation

    def wait_for_analysis(self, transaction_id: str, timeout_s: float = 10.0) -> dict[str, Any]:
        """GET the transaction through the API until it is ANALYZED; its body. TimeoutError otherwise."""
        client = self.api_client()
        try:
            return client.wait_until_analysed(transaction_id, timeout_s)
        finally:
            client.close()

    def worker_pids(self) -> list[int]:
        return [pid for pool in self.parts.pools.values() for pid in pool.pids()]

    def stop(self) -> None:
        """Stop everything this system started and leave no process behind. Safe to call twice."""
        if self.options.write_state:
            control.remove_state(self.state_dir)
        if self._parts is not None:
            self.write_iam_usage()
            stop_parts(self._parts)
            self._parts = None

    def write_iam_usage(self) -> Path | None:
        """Which (role, action, resource) the functions used so far: `<state dir>/iam-usage.json`."""
        usage = self._parts.usage if self._parts else None
        if usage is None:
            return None
        self.state_dir.mkdir(parents=True, exist_ok=True)
        return usage.write(self.state_dir / USAGE_FILE, self.topology.project, self.topology.stack)

    def _start(self) -> None:
        started = time.perf_counter()
        if self.options.write_state:
            control.claim_state_dir(self.state_dir)
        run = self._run_program()
        self.topology = read_topology(run, self.options.functions_dir)
        logs = LogHub(self.log_dir, self.options.echo_logs, [*self.topology.functions, API_LOG, LOCAL_LOG])
        self._parts = Parts(logs=logs)
        start_parts(self._parts, run, self.topology, self.options, self._control_request, self._scheduled)
        if self.options.write_state and self._parts.server is not None:
            state = control.LocalState(
                pid=os.getpid(), stack=self.stack, base_url=self.base_url, api_url=self.api_url,
                api_key=self.api_key or "", moto_endpoint=self.moto_endpoint, log_dir=str(self.log_dir),
                control_token=self._control.token,
            )  # fmt: skip
            control.write_state(self.state_dir, state)
        self.started_in_s = time.perf_counter() - started

    def _run_program(self) -> ProgramRun:
        try:
            name = load_project(self.project_dir, self.stack).name
            overrides = {key if ":" in key else f"{name}:{key}": value for key, value in self.options.config.items()}
            return run_program(self.project_dir, self.stack, overrides)
        except (ProjectError, ProgramError) as err:
            raise LocalModeError(f"the program could not run: {err}") from err

    def _control_request(self, request: HttpRequest) -> HttpResponse | None:
        return self._control.handle(request) if request.path.startswith(control.CONTROL_PREFIX) else None

    def _scheduled(self, schedule: Schedule, fired_at: datetime) -> None:
        self.fire_schedule(fired_at, schedule.rule_name)

    def _schedule(self, rule_name: str | None = None) -> Schedule:
        for schedule in self.topology.schedules:
            if rule_name in (None, schedule.rule_name):
                return schedule
        raise LocalModeError(f"the program declares no schedule{f' named {rule_name}' if rule_name else ''}")

    def _control_report(self, body: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(body.get("date"), str):
            raise LocalModeError('expected {"date": "YYYY-MM-DD"}')
        try:
            return {"result": self.run_report(body["date"])}
        except FunctionFailed as failed:
            error = failed.invocation.error
            return {"error": (error.details if error else None) or {"errorMessage": str(failed)}}
