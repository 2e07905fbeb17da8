"""EventBridge schedule expressions and the Scheduled Event they deliver."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from fraudctl.local.errors import UnsupportedByLocalMode
from fraudctl.local.schedule import ScheduleExpression, Scheduler, scheduled_event
from fraudctl.local.topology import Schedule


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("cron(0 0 * * ? *)", datetime(2026, 3, 4, 15, 30, tzinfo=UTC), datetime(2026, 3, 5, 0, 0, tzinfo=UTC)),
        ("cron(0 0 * * ? *)", datetime(2026, 12, 31, 23, 59, tzinfo=UTC), datetime(2027, 1, 1, 0, 0, tzinfo=UTC)),
        ("cron(0 0 * * ? *)", datetime(2026, 3, 5, 0, 0, tzinfo=UTC), datetime(2026, 3, 6, 0, 0, tzinfo=UTC)),
        ("cron(15 */6 * * ? *)", datetime(2026, 3, 4, 6, 15, tzinfo=UTC), datetime(2026, 3, 4, 12, 15, tzinfo=UTC)),
        ("cron(0 9 1 1,7 ? *)", datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 7, 1, 9, 0, tzinfo=UTC)),
        ("rate(5 minutes)", datetime(2026, 3, 4, 1, 0, tzinfo=UTC), datetime(2026, 3, 4, 1, 5, tzinfo=UTC)),
    ],
)
def test_the_next_firing_time(expression, after, expected):
    assert ScheduleExpression(expression).next_after(after) == expected


@pytest.mark.parametrize(
    "expression", ["cron(0 0 ? * MON-FRI *)", "cron(0 0 L * ? *)", "cron(0 0 * *)", "at(2026-01-01T00:00:00)"]
)
def test_what_is_not_emulated_is_refused_rather_than_fired_at_the_wrong_time(expression):
    with pytest.raises(UnsupportedByLocalMode):
        ScheduleExpression(expression)


def test_the_scheduled_event_carries_the_scheduled_time_and_the_rule():
    rule = Schedule("daily", "arn:aws:events:us-east-2:123456789012:rule/daily", "cron(0 0 * * ? *)", "report-dev")

    event = scheduled_event(rule, datetime(2026, 3, 5, tzinfo=UTC), "123456789012", "us-east-2")

    assert event["detail-type"] == "Scheduled Event" and event["source"] == "aws.events"
    assert event["time"] == "2026-03-05T00:00:00Z"
    assert event["resources"] == [rule.rule_arn] and event["detail"] == {}
    assert event["account"] == "123456789012" and event["region"] == "us-east-2" and event["version"] == "0"


def test_a_target_with_a_constant_input_gets_that_input():
    rule = Schedule("d", "arn", "rate(1 day)", "f", constant_input='{"date": "2026-01-01"}')
    assert scheduled_event(rule, datetime(2026, 1, 2, tzinfo=UTC), "1", "r") == {"date": "2026-01-01"}


def test_the_scheduler_fires_at_midnight_with_the_scheduled_time():
    clock = [datetime(2026, 3, 4, 23, 59, 59, 900000, tzinfo=UTC)]
    fired: list[datetime] = []
    done = threading.Event()
    rule = Schedule("daily", "arn", "cron(0 0 * * ? *)", "report-dev")
    scheduler = Scheduler(rule, lambda schedule, at: (fired.append(at), done.set()), now=lambda: clock[0]).start()
    try:
        assert scheduler.next_fire == datetime(2026, 3, 5, tzinfo=UTC)
        clock[0] = datetime(2026, 3, 5, 0, 0, 0, 50000, tzinfo=UTC)  # the clock passes midnight
        assert done.wait(2)
    finally:
        scheduler.stop()

    assert fired == [datetime(2026, 3, 5, tzinfo=UTC)]
    assert scheduler.next_fire == datetime(2026, 3, 6, tzinfo=UTC)
