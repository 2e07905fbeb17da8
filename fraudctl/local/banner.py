"""What `fraudctl local` prints once it serves: where everything is, and commands to try."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from fraudctl.local.emulator.iam_usage import USAGE_FILE
from fraudctl.local.system import LocalSystem

EXAMPLE_TRANSACTION = {"transactionId": "txn-0001", "customerId": "cust-42", "amount": 42.50, "currency": "EUR"}


def print_banner(system: LocalSystem, console: Console) -> None:
    topology, parts = system.topology, system.parts
    rows = [
        (
            "API",
            f"{system.api_url}   (stage {topology.api.stage_name} of {topology.api.api_name})"
            if topology.api
            else "none",
        ),
        ("API key", f"{system.api_key}   (the program's ApiKey, valued as the offline mocks answer it)"),
        (
            "AWS (moto)",
            f"{system.moto_endpoint}   e.g. AWS_ENDPOINT_URL={system.moto_endpoint} aws dynamodb list-tables",
        ),
        ("Functions", "; ".join(_function_roles(system))),
        ("Concurrency", f"{system.options.concurrency} worker process per function (AWS: its reserved concurrency)"),
        ("IAM", _iam(system)),
        ("Logs", f"{_relative(system.log_dir, system.project_dir)}/<function>.log, api.log (access log), local.log"),
        ("Resources", parts.provisioned.summary()),
    ]
    title = f"{topology.project} (stack {topology.stack}), started in {system.started_in_s:.1f} s"
    console.print(f"[bold green]fraudctl local[/] serves {escape(title)}")
    for label, value in rows:
        console.print(f"  [bold]{label:<11}[/] {escape(value)}")
    for note in parts.provisioned.notes:
        console.print(f"  [dim]note: {escape(note)}[/]")
    for name, errors in parts.init_errors.items():
        for error in errors:
            console.print(
                f"  [bold red]{escape(name)} does not start:[/] {escape(error.error_type)}: {escape(error.message)}"
            )
    key, url = system.api_key or "<key>", system.api_url if topology.api else ""
    console.print("\nTry:")
    console.print(
        f"  curl -s -X POST {url}/transactions -H 'x-api-key: {key}' -H 'Content-Type: application/json' "
        f"-d '{json.dumps(EXAMPLE_TRANSACTION)}'",
        markup=False,
        soft_wrap=True,
    )
    console.print(
        f"  curl -s {url}/transactions/{EXAMPLE_TRANSACTION['transactionId']} -H 'x-api-key: {key}'", markup=False
    )
    console.print(f"  fraudctl local report --date {datetime.now(UTC):%Y-%m-%d}", markup=False)
    console.print("[dim]Ctrl-C stops everything.[/]\n")


def _function_roles(system: LocalSystem) -> list[str]:
    topology, roles = system.topology, {}
    for route in topology.api.routes if topology.api else ():
        roles.setdefault(route.function_name, []).append(f"{route.http_method} {route.resource_path}")
    for mapping in topology.stream_mappings:
        roles.setdefault(mapping.function_name, []).append(f"stream of {mapping.table_name}")
    for schedule, scheduler in zip(
        topology.schedules, system.parts.schedulers or [None] * len(topology.schedules), strict=True
    ):
        when = f", next {scheduler.next_fire:%Y-%m-%d %H:%M}Z" if scheduler else ", not scheduled (--no-schedules)"
        roles.setdefault(schedule.function_name, []).append(f"{schedule.expression}{when}")
    return [f"{name} ({', '.join(roles.get(name, ['no trigger']))})" for name in topology.functions]


def _iam(system: LocalSystem) -> str:
    if not system.options.enforce_iam:
        return "not enforced (--no-iam-enforcement): every function runs with local mode's own credentials"
    usage = _relative(system.state_dir / USAGE_FILE, system.project_dir)
    return f"enforced: each function runs as its own role; what each used goes to {usage} at stop"


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
