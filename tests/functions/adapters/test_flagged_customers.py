"""The flagged customers' ranking on disk (SQLite) equals the in-memory one, decimals spelled the same."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fraud_adapters.flagged_customers import SpillingFlaggedCustomers
from fraud_adapters.reports_bucket import PART_BYTES
from fraud_domain.json_codec import dumps
from fraud_domain.reports import InMemoryFlaggedCustomers

ROWS = st.lists(
    st.tuples(
        st.sampled_from(["USD", "JPY", "KWD"]),
        st.sampled_from(["a", "b", "B", "c-1", "c.2", "z"]),
        st.integers(1, 10**12),
        st.integers(0, 3),
    ),
    max_size=60,
)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(ROWS, st.integers(1, 4))
def test_the_ranking_on_disk_equals_the_ranking_in_memory(rows, top):
    memory = InMemoryFlaggedCustomers()
    with SpillingFlaggedCustomers() as disk:
        for currency, customer, units, places in rows:
            amount = Decimal(units).scaleb(-places)
            memory.add(currency, customer, amount)
            disk.add(currency, customer, amount)
        assert dumps(disk.top(top)) == dumps(memory.top(top))


def test_ties_rank_by_customer_id_and_decimals_follow_the_amounts():
    with SpillingFlaggedCustomers() as disk:
        for customer, amount in (("b", "5.0"), ("a", "5"), ("c", "1.25"), ("c", "3.75")):
            disk.add("USD", customer, Decimal(amount))
        assert dumps(disk.top(3)) == (
            '{"USD":[{"customerId":"a","flaggedTransactions":1,"flaggedAmount":5},'
            '{"customerId":"b","flaggedTransactions":1,"flaggedAmount":5.0},'
            '{"customerId":"c","flaggedTransactions":2,"flaggedAmount":5.00}]}'
        )


def test_an_amount_with_more_than_three_decimals_is_refused_not_rounded():
    with SpillingFlaggedCustomers() as disk, pytest.raises(ValueError, match="more than 3 decimals"):
        disk.add("USD", "a", Decimal("0.0001"))


def test_the_scratch_file_is_gone_after_use(tmp_path):
    with SpillingFlaggedCustomers(directory=str(tmp_path)) as disk:
        disk.add("USD", "a", Decimal(1))
        assert len(list(tmp_path.iterdir())) == 1
    assert list(tmp_path.iterdir()) == []


def test_csv_parts_respect_s3s_minimum_part_size():
    assert PART_BYTES >= 5 * 1024 * 1024
