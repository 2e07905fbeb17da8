"""Which UTC day a report invocation asks for: the day before an EventBridge schedule fired, or an explicit date."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class InvalidReportRequest(ValueError):
    """The invocation does not name a day that can be reported; nothing is read or written."""


def report_day(event: Any, today: date) -> date:
    """`{"date": "YYYY-MM-DD"}` (today at the latest: a partial day), or a scheduled event: the previous UTC day."""
    if not isinstance(event, Mapping):
        raise InvalidReportRequest(f"expected a JSON object, got {type(event).__name__}")
    if "date" in event:
        return _explicit_day(event, today)
    if event.get("detail-type") == "Scheduled Event" and event.get("source") == "aws.events":
        return _scheduled_day(event)
    raise InvalidReportRequest('expected {"date": "YYYY-MM-DD"} or an EventBridge "Scheduled Event"')


def _explicit_day(event: Mapping[str, Any], today: date) -> date:
    if set(event) != {"date"}:
        raise InvalidReportRequest(f"unexpected fields besides date: {', '.join(sorted(set(event) - {'date'}))}")
    value = event["date"]
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise InvalidReportRequest(f"date must be a string YYYY-MM-DD, got {value!r}")
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidReportRequest(f"date {value!r} is not a calendar date: {exc}") from None
    if day > today:
        raise InvalidReportRequest(f"date {value} is in the future (today is {today.isoformat()} UTC)")
    return day


def _scheduled_day(event: Mapping[str, Any]) -> date:
    # The event's own time, not the clock: a retried or late invocation still reports the same day.
    fired = event.get("time")
    try:
        moment = datetime.fromisoformat(fired)
    except (TypeError, ValueError):
        raise InvalidReportRequest(f"scheduled event time must be ISO 8601, got {fired!r}") from None
    if moment.tzinfo is None:
        raise InvalidReportRequest(f"scheduled event time must carry a UTC offset, got {fired!r}")
    return moment.astimezone(UTC).date() - timedelta(days=1)
