"""The running parts of a local system, started in dependency order and stopped in the reverse one.

Start: moto, the workers (whose cold starts overlap with provisioning), the data resources, the API, the stream
pollers, the schedules. Stop: first ask every part to finish (pollers, workers), then close the servers, then wait:
interpreters and servers wind down in parallel, in about half a second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fraudctl.local.apigateway import HttpRequest, HttpResponse, LocalApiGateway, LocalHttpServer
from fraudctl.local.emulator import EmbeddedMoto, Provisioned, provision
from fraudctl.local.emulator.iam import LocalIam, provision_iam, set_enforcement
from fraudctl.local.emulator.iam_usage import UsageRecorder
from fraudctl.local.lambda_ import FunctionError, FunctionPool, Invocation, lambda_environment
from fraudctl.local.logs import LogHub
from fraudctl.local.options import LocalOptions
from fraudctl.local.schedule import Scheduler
from fraudctl.local.streams import StreamPoller, stream_poller
from fraudctl.local.topology import Schedule, Topology
from fraudctl.program.model import ProgramRun

LOCAL_LOG, API_LOG = "local", "api"


@dataclass
class Parts:
    logs: LogHub
    moto: EmbeddedMoto | None = None
    pools: dict[str, FunctionPool] = field(default_factory=dict)
    server: LocalHttpServer | None = None
    gateway: LocalApiGateway | None = None
    pollers: list[StreamPoller] = field(default_factory=list)
    schedulers: list[Scheduler] = field(default_factory=list)
    provisioned: Provisioned = field(default_factory=Provisioned)
    init_errors: dict[str, list[FunctionError]] = field(default_factory=dict)
    iam: LocalIam | None = None
    usage: UsageRecorder | None = None

    def invoke(self, function_name: str, event: Any, timeout_s: float | None = None) -> Invocation:
        return self.pools[function_name].invoke(event, timeout_s)

    def wake_pollers(self) -> None:
        for poller in self.pollers:
            poller.wake()


def start_parts(
    parts: Parts,
    run: ProgramRun,
    topology: Topology,
    options: LocalOptions,
    handle_other: Callable[[HttpRequest], HttpResponse | None],
    fire: Callable[[Schedule, datetime], Any],
) -> None:
    """Fills `parts` as it goes, so that stop_parts() can stop a start that failed half-way."""
    log = parts.logs.sink(LOCAL_LOG)
    parts.moto = moto = EmbeddedMoto(topology.region, options.moto_port, options.host).start()
    if options.enforce_iam:  # the roles exist and are assumed before any worker starts with its credentials
        parts.iam = provision_iam(run, moto.client)
        parts.usage = UsageRecorder(topology.account_id, topology.region).install()
    if topology.api is not None:  # bind now: a port in use fails the start before any worker exists
        parts.server = LocalHttpServer(
            lambda r: handle_other(r) or _gateway(parts).handle(r), options.host, options.port
        )
    for function in topology.functions.values():
        credentials = parts.iam.function_credentials.get(function.name) if parts.iam else None
        environment = lambda_environment(
            function,
            moto.endpoint,
            topology.region,
            options.extra_environment,
            credentials.environment() if credentials else None,
        )
        # Never more environments than the program reserves for the function (AWS would throttle beyond it).
        size = min(options.concurrency, function.reserved_concurrency or options.concurrency) or 1
        pool = FunctionPool(function, environment, parts.logs.sink(function.name), size)
        parts.pools[function.name] = pool
        pool.start()  # the cold starts overlap with provisioning
    parts.provisioned = provision(run, moto.client)
    if parts.iam is not None and parts.iam.harness is not None:
        moto.credentials = parts.iam.harness.environment()
        set_enforcement(moto.endpoint, on=True)
        parts.provisioned.notes.extend(parts.iam.notes)
    for name, pool in parts.pools.items():
        parts.init_errors[name] = pool.wait_ready()
        for error in parts.init_errors[name]:
            log.write(f"{name} failed its init phase; its invocations will fail: {error.error_type}: {error.message}")
    if topology.api is not None and parts.server is not None:
        server = parts.server
        parts.gateway = LocalApiGateway(
            topology.api,
            topology.account_id,
            invoke=parts.invoke,
            access_log=parts.logs.sink(API_LOG),
            server_port=lambda: server.port,
            after_integration=parts.wake_pollers,  # the processor may just have written: poll the stream now
        )
        server.start()
    for mapping in topology.stream_mappings:
        # The mapping reads the stream and sends failures with the function's role, as Lambda's poller does.
        credentials = parts.iam.function_credentials.get(mapping.function_name) if parts.iam else None
        role_client = (lambda service, c=credentials: moto.client_as(service, c.environment())) if credentials else None
        poller = stream_poller(mapping, topology, moto.client, parts.invoke, log, options.poll, role_client)
        parts.pollers.append(poller.start())
    if options.schedules:
        parts.schedulers = [Scheduler(schedule, fire).start() for schedule in topology.schedules]


def stop_parts(parts: Parts) -> None:
    for scheduler in parts.schedulers:
        scheduler.stop()
    for poller in parts.pollers:
        poller.request_stop()
    for pool in parts.pools.values():
        pool.request_stop()  # in-flight invocations end now; the interpreters exit while the rest stops
    if parts.server is not None:
        parts.server.stop()
    if parts.usage is not None:
        parts.usage.uninstall()
    if parts.moto is not None:
        parts.moto.stop()
    for pool in parts.pools.values():
        pool.stop()
    for poller in parts.pollers:
        poller.stop()
    parts.logs.close()
    parts.schedulers, parts.pollers, parts.pools, parts.server, parts.moto = [], [], {}, None, None
    parts.usage = None


def _gateway(parts: Parts) -> LocalApiGateway:
    assert parts.gateway is not None  # set right after the server is created, before it serves
    return parts.gateway
