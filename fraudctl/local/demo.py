"""`fraudctl local demo` (what `make run` shows): normal and suspicious transactions through the local API, their
analysis read back through the API, and today's fraud report read back from S3."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from fraudctl.local.api_client import ApiClient
from fraudctl.local.errors import LocalModeError
from fraudctl.local.system import LocalSystem

DAY_MS, MINUTE_MS = 86_400_000, 60_000


@dataclass(frozen=True)
class DemoTransaction:
    story: str  # why it is in the demo
    request: dict[str, Any]


@dataclass(frozen=True)
class DemoLabel:
    """An outcome the fraud team sends back (a chargeback), before the demo's later transactions."""

    transaction_id: str
    fraud: bool
    source: str


@dataclass(frozen=True)
class DemoOutcome:
    analyses: list[dict[str, Any]]
    report: dict[str, Any]
    report_summary: dict[str, Any]


DEMO_TERMINAL, DEMO_MERCHANT = "T-DEMO-7", "kiosk-7"  # the terminal story's own terminal, at its own merchant


def _txn(
    story: str, txn_id: str, customer: str, amount: str, currency: str, at_ms: int, terminal: str | None = None
) -> DemoTransaction:
    request = {"transactionId": txn_id, "customerId": customer, "amount": float(amount), "currency": currency}
    request |= {"timestamp": at_ms, "country": "DE", "merchantId": DEMO_MERCHANT if terminal else "shop-1"}
    return DemoTransaction(story, request | ({"terminalId": terminal} if terminal else {}))


def demo_transactions(now_ms: int) -> list[DemoTransaction]:
    """A customer with a habit, then a normal and an unusual purchase; a card-testing burst; a new big spender; an
    ordinary purchase on a terminal that the fraud team will find compromised."""
    txn = _txn

    history = [
        txn("history", f"demo-alice-h{day}", "alice", f"{38 + day}.00", "EUR", now_ms - day * DAY_MS)
        for day in range(1, 7)
    ]
    burst = [
        txn("card testing", f"demo-bob-{n}", "bob", "1.00", "USD", now_ms - (5 - n) * MINUTE_MS) for n in range(1, 6)
    ]
    return [
        *history,
        txn("usual purchase", "demo-alice-1", "alice", "45.00", "EUR", now_ms - 10 * MINUTE_MS),
        txn("unusual amount", "demo-alice-2", "alice", "2500.00", "EUR", now_ms - 5 * MINUTE_MS),
        *burst,
        txn("new customer, big amount", "demo-carol-1", "carol", "800.00", "EUR", now_ms - MINUTE_MS),
        txn("terminal, before a label", "demo-dave-1", "dave", "30.00", "EUR", now_ms - 3 * MINUTE_MS, DEMO_TERMINAL),
    ]


DEMO_LABELS = [
    DemoLabel("demo-dave-1", fraud=True, source="chargeback"),  # nothing about dave's card explains it: the terminal
    DemoLabel("demo-alice-2", fraud=True, source="customer"),  # alice's stolen card: its own evidence explains it
]


def after_labels(now_ms: int) -> list[DemoTransaction]:
    """An ordinary purchase by another customer on the terminal a chargeback has just confirmed fraud on, and one at
    the shop where alice's stolen card was used (her fraud is her card's, not the shop's)."""
    return [
        _txn("terminal, after the label", "demo-erin-1", "erin", "35.00", "EUR", now_ms, DEMO_TERMINAL),
        _txn("shop of a stolen card's fraud", "demo-frank-1", "frank", "40.00", "EUR", now_ms),
    ]


def run_demo(project_dir: Path, stack: str, port: int, console: Console, state_dir: Path | None = None) -> DemoOutcome:
    with console.status("Starting the local system from the Pulumi program..."):
        # Its own state directory, and no state file: a `fraudctl local` running beside it keeps its logs.
        state_dir = state_dir or project_dir / ".fraudctl" / "demo"
        system = LocalSystem.start(
            project_dir, stack, port=port, echo_logs=False, state_dir=state_dir, write_state=False
        )
    with system:
        console.print(
            f"[bold green]Local system up[/] in {system.started_in_s:.1f} s: API {system.api_url}, key {system.api_key}"
        )
        client = system.api_client()
        transactions = demo_transactions(int(time.time() * 1000))
        analyses = _submit_and_wait(client, transactions)
        for label in DEMO_LABELS:
            response = client.label_transaction(label.transaction_id, label.fraud, label.source)
            if response.status != 200:
                raise LocalModeError(
                    f"PUT label of {label.transaction_id} answered {response.status}: {response.body!r}"
                )
            console.print(f"Label: {label.transaction_id} {_label_outcome(label, response.json)}")
        later = after_labels(int(time.time() * 1000))
        analyses += _submit_and_wait(client, later)
        transactions += later
        client.close()
        _print_analyses(console, transactions, analyses)
        for analysis in analyses[-len(later) :]:
            console.print(f"Why {analysis['transactionId']} is {analysis.get('riskLevel')}:")
            for reason in analysis.get("reasons") or []:
                console.print(f"  {reason.get('rule')}: {reason.get('detail')}", highlight=False, soft_wrap=True)
        day = datetime.now(UTC).date().isoformat()
        report = system.run_report(day)
        bucket = system.topology.function(system.topology.schedules[0].function_name).environment["BUCKET_NAME"]
        summary = json.loads(system.s3.get_object(Bucket=bucket, Key=report["reportKey"])["Body"].read())
        console.print(f"\n[bold]Daily report for {day}[/], read back from s3://{bucket}/{report['reportKey']}:")
        headline = {key: summary[key] for key in ("totals", "flagged") if key in summary}
        console.print_json(json.dumps(headline, default=str))
        console.print(f"Flagged transactions as CSV: s3://{bucket}/{report.get('flaggedCsvKey')}")
        console.print(f"\nLogs of this run: {system.log_dir}/<function>.log, api.log, local.log")
        console.print("The local system stops now: moto keeps nothing (start `fraudctl local` to keep it running).")
        return DemoOutcome(analyses, report, summary)


def _label_outcome(label: DemoLabel, stored: Any) -> str:
    if not label.fraud:
        return f"confirmed legitimate ({label.source})"
    if isinstance(stored, dict) and stored.get("explainedByCard"):
        whose = "the card's own evidence explains it: not counted against its terminal or merchant"
    else:
        whose = "counted against its terminal and merchant"
    return f"confirmed fraud ({label.source}); {whose}"


def _submit_and_wait(client: ApiClient, transactions: list[DemoTransaction]) -> list[dict[str, Any]]:
    for transaction in transactions:
        response = client.post_transaction(transaction.request)
        if response.status not in (200, 201):
            raise LocalModeError(
                f"POST {transaction.request['transactionId']} answered {response.status}: {response.body!r}"
            )
    return [client.wait_until_analysed(t.request["transactionId"]) for t in transactions]


def _print_analyses(console: Console, transactions: list[DemoTransaction], analyses: list[dict[str, Any]]) -> None:
    table = Table(title="Transactions, as the API returns them once analysed", title_justify="left")
    for column in ("story", "transaction", "amount", "risk", "score"):
        table.add_column(column, no_wrap=True)
    table.add_column("reasons", overflow="fold")
    colours = {"HIGH": "bold red", "MEDIUM": "yellow", "LOW": "green"}
    for transaction, analysis in zip(transactions, analyses, strict=True):
        risk = str(analysis.get("riskLevel"))
        reasons = ", ".join(
            str(r.get("rule", r)) if isinstance(r, dict) else str(r) for r in analysis.get("reasons") or []
        )
        table.add_row(
            transaction.story,
            analysis["transactionId"],
            f"{Decimal(str(analysis['amount'])):.2f} {analysis['currency']}",
            f"[{colours.get(risk, 'white')}]{risk}[/]",
            str(analysis.get("fraudScore")),
            reasons or "-",
        )
    console.print(table)
