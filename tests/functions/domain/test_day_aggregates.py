"""Day aggregates and commit groups (fraud_domain.day_aggregates, analysis_commits): pure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from fraud_domain.analysis_commits import MAX_ACTIONS, AnalysedTransaction, CommitGroup, plan_commits
from fraud_domain.day_aggregates import DayAggregate, aggregate_key, aggregate_keys
from fraud_domain.transaction import Analysis, RiskLevel, Transaction

MAY_1 = 1714521600000
LOW = Analysis(0, RiskLevel.LOW, (), "2024-05-01T00:00:00.000Z")


def txn(n: int, amount: str, currency: str = "USD", at: int = MAY_1, **place: str) -> Transaction:
    return Transaction(f"t-{n}", "c", Decimal(amount), currency, at, "2024-05-01T00:00:00.000Z", **place)


def test_sums_keep_the_decimals_pythons_sum_would_write():
    aggregate = DayAggregate.of([txn(1, "0.5"), txn(2, "0.5"), txn(3, "100", "JPY")])
    stored = aggregate.to_attributes()
    assert stored["count#USD"] == 2 and stored["places#USD"] == {1} and stored["amount#JPY"] == Decimal(100)
    # DynamoDB hands sums back normalised ("1"); the report writes what Python's sum of the amounts gives.
    back = DayAggregate.from_attributes(stored | {"amount#USD": Decimal("1")})
    assert str(back.by_currency["USD"].exact_amount()) == str(Decimal(0) + Decimal("0.5") + Decimal("0.5")) == "1.0"
    assert back.hourly[0] == 3 and back.analysed == 3


@settings(max_examples=40, derandomize=True)
@given(
    st.lists(st.tuples(st.integers(1, 10**9), st.integers(0, 3), st.integers(0, 23)), max_size=30), st.integers(1, 6)
)
def test_shards_merge_to_the_whole_day_whatever_the_split(rows, shards):
    day = [
        txn(n, str(Decimal(units).scaleb(-places)), "KWD", MAY_1 + hour * 3_600_000)
        for n, (units, places, hour) in enumerate(rows)
    ]
    whole = DayAggregate.of(day)
    merged = DayAggregate()
    for k in range(shards):
        merged.merge(DayAggregate.from_attributes(DayAggregate.of(day[k::shards]).to_attributes()))
    assert merged.analysed == whole.analysed and merged.hourly == whole.hourly
    for code in whole.by_currency:
        assert str(merged.by_currency[code].exact_amount()) == str(sum(t.amount for t in day))


def test_shard_keys():
    assert aggregate_key(date(2024, 5, 1), 7) == "day#2024-05-01#007"
    assert len(aggregate_keys(date(2024, 5, 1), 100)) == 100


def test_commit_groups_respect_the_100_action_limit_and_merge_counts_per_item():
    analysed = [
        AnalysedTransaction(txn(n, "1.00", terminal_id=f"T-{n % 3}", merchant_id="M-1"), LOW) for n in range(150)
    ]
    groups = plan_commits(analysed)
    assert [g.actions() for g in groups] == [100, 60]  # 95 items + 1 day + 3 terminals + 1 merchant; then 55 + 5
    assert sum(len(g.analysed) for g in groups) == 150
    assert groups[0].counters["merchant#M-1"] == {"n20240501": 95}
    assert all(g.actions() <= MAX_ACTIONS for g in groups)
    midnight = [AnalysedTransaction(txn(1, "1.00", at=MAY_1 - 1), LOW), AnalysedTransaction(txn(2, "1.00"), LOW)]
    assert sorted(CommitGroup.of(midnight).days) == [date(2024, 4, 30), date(2024, 5, 1)]
    assert plan_commits([]) == []
    assert [len(g.analysed) for g in plan_commits(analysed[:9], max_actions=8)] == [3, 3, 3]
