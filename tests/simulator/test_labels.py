"""The replay's label path (fraudctl.simulator.labels.CounterLabelStore): the label endpoint's logic in memory."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fraud_domain.history import DAY_MS
from fraud_domain.risk_counters import InMemoryCounters
from fraud_domain.transaction import Transaction
from fraudctl.simulator.labels import CounterLabelStore, LabelArrival

MAY_1 = 1714521600000  # 2024-05-01T00:00:00Z
T = Transaction("SIM-1", "C-1", Decimal("10.00"), "EUR", MAY_1, "2024-05-01T00:00:00.000Z", terminal_id="T-9")


def arrival(fraud: bool, source: str, days_later: int) -> LabelArrival:
    return LabelArrival(T, fraud, source, MAY_1 + days_later * DAY_MS + 5)


def test_a_label_moves_the_counters_once_on_the_day_it_arrived_and_a_clearing_takes_it_back():
    counters = InMemoryCounters()
    store = CounterLabelStore(counters)
    assert store.apply(arrival(True, "chargeback", 7)) is True
    assert store.apply(arrival(True, "chargeback", 8)) is False  # the same label again: nothing written
    assert counters.counters("terminal#T-9").frauds == {date(2024, 5, 8): 1}
    assert store.apply(arrival(True, "investigation", 9)) is True  # a new source: stored, counted no more
    assert counters.counters("terminal#T-9").frauds == {date(2024, 5, 8): 1}
    assert store.apply(arrival(False, "customer", 10)) is True
    assert counters.counters("terminal#T-9").frauds == {date(2024, 5, 8): 0}
    assert len(store) == 1 and store.by_transaction["SIM-1"].fraud is False
