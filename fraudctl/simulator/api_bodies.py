"""The simulated transactions as the API takes them: `POST /transactions` bodies (openapi.yaml), one JSON line each.

The replay harness and `fraudctl simulate` name things the same way, so a transaction replayed by QA through the
API and the same one in the benchmark carry the same ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fraudctl.simulator.dataset import SimulatedDataset

CURRENCY = "EUR"  # the handbook's amounts carry no currency; EUR's default thresholds are the USD-like ones


def transaction_ref(transaction_id: int) -> str:
    return f"SIM-{transaction_id:08d}"  # zero-padded: text order is time order, as the history's tie-break expects


def customer_ref(customer_id: int) -> str:
    return f"C-{customer_id:05d}"


def terminal_ref(terminal_id: int) -> str:
    return f"T-{terminal_id}"


def epoch_ms(dataset: SimulatedDataset, transaction_id: int) -> int:
    return int(dataset.spec.start.timestamp()) * 1000 + int(dataset.seconds[transaction_id]) * 1000


def amount_text(dataset: SimulatedDataset, transaction_id: int) -> str:
    # x5 amounts are binary floats an ulp off two decimals: two decimals is the amount the simulator means
    return f"{dataset.amounts[transaction_id]:.2f}"


@dataclass
class BodyCount:
    written: int = 0
    zero_amounts: int = 0  # the API refuses amounts <= 0; the simulator rounds a few tiny amounts to 0.00


def api_bodies(dataset: SimulatedDataset, first_day: int, days: int, count: BodyCount) -> Iterator[str]:
    """JSON lines of the transactions of days [first_day, first_day + days), in time order."""
    ids = dataset.days
    for transaction_id in range(int(ids.searchsorted(first_day)), int(ids.searchsorted(first_day + days))):
        amount = amount_text(dataset, transaction_id)
        if float(amount) <= 0:
            count.zero_amounts += 1
            continue
        count.written += 1
        # Built by hand: json.dumps would write the float 285.79999999999995, which the API refuses (2 decimals).
        yield (
            f'{{"transactionId": "{transaction_ref(transaction_id)}", '
            f'"customerId": "{customer_ref(int(dataset.customer_ids[transaction_id]))}", '
            f'"terminalId": "{terminal_ref(int(dataset.terminal_ids[transaction_id]))}", '
            f'"amount": {amount}, "currency": "{CURRENCY}", "timestamp": {epoch_ms(dataset, transaction_id)}}}'
        )
