"""EventBridge schedules, fired locally: `cron(...)` and `rate(...)` expressions, and the Scheduled Event they send.

Supported cron fields: numbers, `*`, `?`, lists, ranges and `/` steps in minutes, hours, day-of-month, month and
year; day-of-week `*` or `?`. L, W, # and names stop local mode at start-up instead of firing at the wrong time.
Times are UTC, as for EventBridge rules.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from fraudctl.local.errors import UnsupportedByLocalMode
from fraudctl.local.topology import Schedule

_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_CRON = re.compile(r"^cron\((.+)\)$")
_UNITS = {"minute": 60, "hour": 3600, "day": 86400}
_RANGES = [(0, 59), (0, 23), (1, 31), (1, 12)]


class ScheduleExpression:
    def __init__(self, expression: str) -> None:
        self.expression = expression
        self._rate_s: int | None = None
        rate, cron = _RATE.match(expression), _CRON.match(expression)
        if rate:
            self._rate_s = int(rate.group(1)) * _UNITS[rate.group(2).rstrip("s")]
        elif cron and len(cron.group(1).split()) == 6:
            minute, hour, day, month, weekday, year = cron.group(1).split()
            if weekday not in ("*", "?") or (day == "?" and weekday == "?"):
                raise UnsupportedByLocalMode(f"schedule {expression}: only day-of-week * or ? is emulated")
            fields = [minute, hour, "*" if day == "?" else day, month]
            self._sets = [
                _values(text, low, high, expression) for text, (low, high) in zip(fields, _RANGES, strict=True)
            ]
            self._years = _values(year, 1970, 2199, expression)
        else:
            raise UnsupportedByLocalMode(f"schedule {expression!r} is neither cron(6 fields) nor rate(N unit)")

    def next_after(self, moment: datetime) -> datetime:
        """The first firing time strictly after `moment` (UTC)."""
        moment = moment.astimezone(UTC)
        if self._rate_s is not None:  # rate schedules count from their creation; locally from start-up
            return moment + timedelta(seconds=self._rate_s)
        minutes, hours, days, months = self._sets
        candidate = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = candidate + timedelta(days=366 * 5)
        while candidate < limit:
            if candidate.year not in self._years or candidate.month not in months:
                candidate = (candidate.replace(day=1, hour=0, minute=0) + timedelta(days=32)).replace(day=1)
            elif candidate.day not in days:
                candidate = candidate.replace(hour=0, minute=0) + timedelta(days=1)
            elif candidate.hour not in hours:
                candidate = candidate.replace(minute=0) + timedelta(hours=1)
            elif candidate.minute not in minutes:
                candidate += timedelta(minutes=1)
            else:
                return candidate
        raise UnsupportedByLocalMode(f"schedule {self.expression} never fires in the next five years")


def _values(text: str, low: int, high: int, expression: str) -> set[int]:
    values: set[int] = set()
    for part in text.split(","):
        base, _, step = part.partition("/")
        if base in ("*", "?"):
            start, end = low, high
        elif re.fullmatch(r"\d+-\d+", base):
            start, end = (int(v) for v in base.split("-"))
        elif base.isdigit():
            start, end = int(base), (high if step else int(base))
        else:
            raise UnsupportedByLocalMode(f"schedule {expression}: field {text!r} is not emulated locally")
        values.update(range(start, end + 1, int(step) if step else 1))
    return values


def scheduled_event(schedule: Schedule, fired_at: datetime, account_id: str, region: str) -> Any:
    """The event EventBridge sends a scheduled target: `time` is the scheduled time, not when it was delivered.
    A target with a constant `input` gets that JSON instead."""
    if schedule.constant_input:
        return json.loads(schedule.constant_input)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": account_id,
        "time": fired_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [schedule.rule_arn],
        "detail": {},
    }


class Scheduler:
    """Fires one schedule at its times, on a thread that sleeps in short steps so stop() and clock jumps are seen."""

    def __init__(
        self, schedule: Schedule, fire: Callable[[Schedule, datetime], Any], now: Callable[[], datetime] | None = None
    ) -> None:
        self.schedule = schedule
        self.expression = ScheduleExpression(schedule.expression)
        self._now = now or (lambda: datetime.now(UTC))
        self.next_fire = self.expression.next_after(self._now())
        self._fire = fire
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"schedule-{schedule.rule_name}", daemon=True)

    def start(self) -> Scheduler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            remaining = (self.next_fire - self._now()).total_seconds()
            if remaining > 0:
                self._stop.wait(min(remaining, 30.0))
                continue
            fired, self.next_fire = self.next_fire, self.expression.next_after(self.next_fire)
            self._fire(self.schedule, fired)
