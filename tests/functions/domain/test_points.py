"""Findings to points (fraud_domain.points): weighted units, rounding, the arithmetic in the reason."""

from __future__ import annotations

import math

import pytest

from fraud_domain.points import POINTS_PER_LOG_ODDS, Finding, arithmetic, finding_points, to_reason

WEIGHTS = {"TERMINAL_CONFIRMED_FRAUDS": {"fired": 3.0, "share": 47.1, "recent_share": 0.0, "frauds": 8.7}}
FOUND = Finding(
    "TERMINAL_CONFIRMED_FRAUDS",
    (("fired", 1.0), ("share", 0.86), ("recent_share", 1.0), ("frauds", 6.0)),
    "terminal T-3156: 6 confirmed frauds",
)


def test_points_are_the_weighted_sum_of_the_units_rounded_half_up():
    # 3 + 47.1 x 0.86 + 0 + 8.7 x 6 = 3 + 40.506 + 52.2 = 95.706
    assert finding_points(FOUND, WEIGHTS) == 96
    assert finding_points(Finding("R", (("a", 1.0),), ""), {"R": {"a": 2.5}}) == 3  # never banker's rounding
    assert finding_points(Finding("R", (("a", 1.0),), ""), {"R": {"a": 3.5}}) == 4
    assert finding_points(Finding("R", (("a", 1.0),), ""), {"R": {"a": 2.49}}) == 2


def test_ten_points_multiply_the_odds_by_e():
    assert POINTS_PER_LOG_ODDS == 10
    # two independent findings add: their odds ratios multiply
    both = finding_points(Finding("R", (("a", 2.0),), ""), {"R": {"a": 10}})
    assert math.exp(both / POINTS_PER_LOG_ODDS) == pytest.approx(math.e**2)


def test_the_reason_ends_with_the_arithmetic_and_leaves_out_terms_worth_nothing():
    assert arithmetic(FOUND, WEIGHTS) == "3 fired + 47.1 x 0.86 share + 8.7 x 6 frauds = 96 points"
    no_recent = Finding(FOUND.rule, (("fired", 1.0), ("share", 0.5), ("recent_share", 0.0)), "")
    assert arithmetic(no_recent, {FOUND.rule: {"fired": 3, "share": 40, "recent_share": 20}}) == (
        "3 fired + 40 x 0.5 share = 23 points"
    )
    reason = to_reason(FOUND, WEIGHTS)
    assert (reason.rule, reason.points) == ("TERMINAL_CONFIRMED_FRAUDS", 96)
    assert reason.detail == (
        "terminal T-3156: 6 confirmed frauds [3 fired + 47.1 x 0.86 share + 8.7 x 6 frauds = 96 points]"
    )


def test_a_finding_worth_no_points_is_no_reason():
    assert to_reason(Finding("R", (("a", 1.0),), "x"), {"R": {"a": 0.4}}) is None
    assert to_reason(Finding("R", (("a", 1.0),), "x"), {"R": {"a": 0.0}}) is None


def test_a_rule_without_a_weight_is_a_clear_error():
    with pytest.raises(KeyError, match=r"no weight for R\.b"):
        finding_points(Finding("R", (("b", 1.0),), ""), {"R": {"a": 1}})
