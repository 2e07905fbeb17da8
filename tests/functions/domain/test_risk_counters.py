"""Labels and the terminal/merchant counters they move (fraud_domain.labels, risk_counters, risk_rules): pure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from fraud_domain.history import DAY_MS, CustomerHistory
from fraud_domain.intake import describe_errors
from fraud_domain.label_request import LabelRequest
from fraud_domain.labels import Label, LabelSource, label_attributes, label_change, label_from_attributes
from fraud_domain.points import finding_points
from fraud_domain.records import from_item, to_item
from fraud_domain.risk_counters import (
    RETENTION_DAYS,
    CounterDelta,
    InMemoryCounters,
    RiskCounters,
    counter_keys,
    expired_attributes,
    label_deltas,
    seen_deltas,
)
from fraud_domain.risk_rules import terminal_confirmed_frauds
from fraud_domain.scoring import analyse, risk_level
from fraud_domain.scoring_config import DEFAULT_SCORING
from fraud_domain.transaction import Transaction

MAY_1 = 1714521600000  # 2024-05-01T00:00:00Z
T = Transaction("t-1", "c-1", Decimal("10.00"), "EUR", MAY_1 + 5, "2024-05-01T00:00:00.000Z", terminal_id="T-9")
CHARGEBACK, CUSTOMER = LabelSource.CHARGEBACK, LabelSource.CUSTOMER


def test_a_first_label_a_repeat_a_new_source_and_a_flip():
    first = label_change(None, True, CHARGEBACK, "2024-05-03T10:00:00.000Z")
    assert first.changed and first.fraud_changed
    assert first.label == Label(True, CHARGEBACK, "2024-05-03T10:00:00.000Z", "2024-05-03T10:00:00.000Z")
    repeat = label_change(first.label, True, CHARGEBACK, "2024-05-04T00:00:00.000Z")
    assert not repeat.changed and repeat.label is first.label
    source = label_change(first.label, True, CUSTOMER, "2024-05-05T00:00:00.000Z")
    assert source.changed and not source.fraud_changed
    assert source.label.fraud_known_since == "2024-05-03T10:00:00.000Z"  # still known since the first fraud label
    cleared = label_change(source.label, False, CUSTOMER, "2024-05-06T00:00:00.000Z")
    assert cleared.fraud_changed and cleared.label.fraud_known_since is None
    legit = label_change(None, False, CUSTOMER, "2024-05-06T00:00:00.000Z")
    assert legit.changed and not legit.fraud_changed


def test_label_deltas_count_a_fraud_on_the_day_it_became_known_and_take_it_back_from_there():
    place = replace(T, merchant_id="M-1")
    first = label_change(None, True, CHARGEBACK, "2024-05-03T10:00:00.000Z").label
    assert label_deltas(place, None, first) == (
        CounterDelta("terminal#T-9", "f20240503", 1),
        CounterDelta("merchant#M-1", "f20240503", 1),
    )
    moved = label_change(first, True, CUSTOMER, "2024-05-09T00:00:00.000Z").label
    assert label_deltas(place, first, moved) == ()
    cleared = label_change(moved, False, CUSTOMER, "2024-05-20T00:00:00.000Z").label
    assert label_deltas(place, moved, cleared) == (
        CounterDelta("terminal#T-9", "f20240503", -1),
        CounterDelta("merchant#M-1", "f20240503", -1),
    )
    assert label_deltas(replace(T, terminal_id=None), None, first) == ()  # no terminal, no merchant: no counter


def test_a_transaction_is_seen_on_its_own_day_at_its_terminal_and_merchant():
    assert seen_deltas(T) == (CounterDelta("terminal#T-9", "n20240501", 1),)
    assert counter_keys(replace(T, merchant_id="M-1")) == ("terminal#T-9", "merchant#M-1")
    assert seen_deltas(replace(T, terminal_id=None)) == ()


def test_a_window_sees_labels_up_to_the_scored_day_never_after():
    counters = InMemoryCounters()
    for day in range(1, 11):  # one transaction a day on May 1..10 at T-9
        counters.apply(seen_deltas(replace(T, timestamp=MAY_1 + (day - 1) * DAY_MS)))
    counters.apply([CounterDelta("terminal#T-9", "f20240505", 2), CounterDelta("terminal#T-9", "f20240512", 1)])
    snapshot = counters.counters("terminal#T-9")
    may_7 = MAY_1 + 6 * DAY_MS
    assert snapshot.window(may_7, 7) == snapshot.window(may_7 + DAY_MS - 1, 7)
    window = snapshot.window(may_7, 7)
    assert (window.transactions, window.confirmed_frauds, window.days) == (7, 2, 7)  # May 1..7; the May 12 label unseen
    assert snapshot.window(MAY_1 + 11 * DAY_MS, 3).confirmed_frauds == 1  # May 10..12
    assert snapshot.window(MAY_1 + 3 * DAY_MS, 2).confirmed_frauds == 0  # before any label arrived


def test_counters_read_back_from_stored_attributes_ignore_other_attributes():
    stored = {"pk": "terminal#T-9", "n20240501": Decimal(3), "f20240502": Decimal(1), "writes": Decimal(7)}
    counters = RiskCounters.from_attributes("terminal#T-9", stored)
    assert counters.seen == {date(2024, 5, 1): 3} and counters.frauds == {date(2024, 5, 2): 1}
    assert counters.with_seen([T, T]).seen == {date(2024, 5, 1): 5}


def test_old_days_are_removed_on_the_next_write_but_never_the_one_written():
    names = ["n20240101", "f20240101", "n20240320", "n20240501", "pk", "nonsense"]
    assert RETENTION_DAYS == 45
    assert expired_attributes(names, date(2024, 5, 1)) == ["f20240101", "n20240101"]
    assert expired_attributes(names, date(2024, 5, 1), keep=["n20240101"]) == ["f20240101"]


def _terminal_with_labels(labels: dict[str, int]) -> InMemoryCounters:
    """T-9 with 3 transactions a day from 2024-04-01 to 05-01, and frauds confirmed on the given label days."""
    counters = InMemoryCounters()
    for day in range(31):
        for n in range(3):
            counters.apply(seen_deltas(replace(T, transaction_id=f"t-{day}-{n}", timestamp=MAY_1 - day * DAY_MS)))
    counters.apply([CounterDelta("terminal#T-9", f"f{day}", n) for day, n in labels.items()])
    return counters


def test_the_terminal_rule_compares_frauds_confirmed_with_the_transactions_of_the_days_they_happened():
    # 3 frauds confirmed on 04-28 and 3 on 04-30 (they happened about 7 days earlier); one on 05-02 is not known yet
    counters = _terminal_with_labels({"20240428": 3, "20240430": 3, "20240502": 1})
    found = terminal_confirmed_frauds(T, counters.evidence(T), DEFAULT_SCORING)
    assert found.rule == "TERMINAL_CONFIRMED_FRAUDS"
    assert found.units == (("fired", 1.0), ("share", 0.29), ("recent_share", 0.5), ("frauds", 6.0))  # 6/21, 3/6
    assert found.detail == (
        "terminal T-9: 6 confirmed frauds in the last 7 days, 29 % of its 21 transactions of 2024-04-18..04-24; "
        "3 in the last 2, 50 % of its 6 transactions of 2024-04-23..04-24 (labels come about 7 days late); "
        "frauds confirmed there since 2024-04-28"
    )
    analysis = analyse(T, CustomerHistory(T, [], 30), "2024-05-01T00:00:01.000Z", evidence=counters.evidence(T))
    points = finding_points(found, DEFAULT_SCORING.weights)
    assert [(r.rule, r.points) for r in analysis.reasons] == [("TERMINAL_CONFIRMED_FRAUDS", points)]
    assert analysis.reasons[0].detail.endswith(f"= {points} points]")
    assert (analysis.score, analysis.risk_level) == (min(points, 100), risk_level(min(points, 100)))
    assert analysis.risk_level.is_flagged
    assert analyse(T, CustomerHistory(T, [], 30), "x").reasons == ()  # no evidence given: no risk reason


def test_the_terminal_rule_needs_a_recent_label_and_a_run_of_labels_younger_than_the_cutoff():
    no_terminal = replace(T, terminal_id=None)
    assert (
        terminal_confirmed_frauds(no_terminal, _terminal_with_labels({}).evidence(no_terminal), DEFAULT_SCORING) is None
    )
    assert terminal_confirmed_frauds(T, _terminal_with_labels({"20240424": 2}).evidence(T), DEFAULT_SCORING) is None
    # labels at most 7 days apart since 04-05: a compromise confirmed 26 days ago is taken as fixed
    old_run = _terminal_with_labels({"20240405": 1, "20240412": 1, "20240419": 1, "20240426": 1, "20240430": 1})
    assert terminal_confirmed_frauds(T, old_run.evidence(T), DEFAULT_SCORING) is None
    # the same without the 04-19 label: a gap of 7+ days, so the run began on 04-26
    new_run = _terminal_with_labels({"20240405": 1, "20240412": 1, "20240426": 1, "20240430": 1})
    found = terminal_confirmed_frauds(T, new_run.evidence(T), DEFAULT_SCORING)
    assert found.detail.endswith("frauds confirmed there since 2024-04-26") and found.units[3] == ("frauds", 2.0)


def test_more_frauds_confirmed_than_transactions_seen_is_a_share_of_one():
    counters = InMemoryCounters()
    counters.apply(seen_deltas(replace(T, timestamp=MAY_1 - 7 * DAY_MS)))
    counters.apply([CounterDelta("terminal#T-9", "f20240430", 4)])
    found = terminal_confirmed_frauds(T, counters.evidence(T), DEFAULT_SCORING)
    assert found.units[1:3] == (("share", 1.0), ("recent_share", 1.0))
    assert "more than its 1 transaction of 2024-04-23" in found.detail


def test_a_label_round_trips_through_the_stored_item():
    labelled = replace(T, label=label_change(None, True, CHARGEBACK, "2024-05-03T10:00:00.000Z").label)
    item = to_item(labelled)
    assert item["label"] == {
        "fraud": True,
        "source": "chargeback",
        "labelledAt": "2024-05-03T10:00:00.000Z",
        "fraudKnownSince": "2024-05-03T10:00:00.000Z",
        "explainedByCard": False,
    }
    assert from_item(item) == labelled
    with pytest.raises(ValueError, match="fraudKnownSince"):
        label_from_attributes(label_attributes(labelled.label) | {"fraud": False})


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"fraud": True, "source": "chargeback"}, []),
        ({"fraud": "yes", "source": "chargeback"}, [("fraud", "must be true or false")]),
        (
            {"fraud": 0, "source": "Chargeback"},
            [("fraud", "must be true or false"), ("source", "must be one of chargeback, investigation, customer")],
        ),
        ({}, [("fraud", "is required"), ("source", "is required")]),
    ],
)
def test_the_label_request_names_each_bad_field(body, errors):
    try:
        LabelRequest.model_validate(body)
    except ValidationError as error:
        assert [(e["field"], e["message"]) for e in describe_errors(error)] == errors
    else:
        assert errors == []
