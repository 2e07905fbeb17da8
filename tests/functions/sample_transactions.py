"""Deterministic synthetic transactions for report tests and the benchmark: a day of mixed, partly analysed data."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal

from fraud_domain.transaction import Analysis, Reason, RiskLevel, Status, Transaction

DAY_MS = 86_400_000
_REASONS = ("HIGH_AMOUNT", "AMOUNT_VS_HISTORY", "VELOCITY_1H", "CARD_TESTING", "FIRST_SEEN_COUNTRY")
_CURRENCIES = (("USD", 2), ("EUR", 2), ("JPY", 0))


def day_start_ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def synthetic_day(day: date, count: int, seed: int = 0) -> list[Transaction]:
    """`count` transactions spread over the UTC day: ~70% LOW, ~10% MEDIUM, ~10% HIGH, ~10% not analysed yet."""
    rng = random.Random(f"{day.isoformat()}-{seed}")
    start = day_start_ms(day)
    transactions = []
    for n in range(count):
        currency, decimals = rng.choice(_CURRENCIES)
        amount = Decimal(rng.randint(100, 500_000)).scaleb(-decimals) if decimals else Decimal(rng.randint(100, 90_000))
        roll = rng.random()
        level = (
            None if roll < 0.1 else RiskLevel.HIGH if roll < 0.2 else RiskLevel.MEDIUM if roll < 0.3 else RiskLevel.LOW
        )
        analysis = None
        if level is not None:
            reasons = (
                () if level is RiskLevel.LOW else tuple(Reason(r, 35, f"{r} detail") for r in rng.sample(_REASONS, 2))
            )
            score = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 35, RiskLevel.HIGH: 70}[level]
            analysis = Analysis(score, level, reasons, f"{day.isoformat()}T23:59:00.000Z")
        transactions.append(
            Transaction(
                transaction_id=f"{day.isoformat()}-{seed}-{n:06d}",
                customer_id=f"cust-{rng.randint(1, 40):03d}",
                amount=amount,
                currency=currency,
                timestamp=start + rng.randrange(DAY_MS),
                received_at=f"{day.isoformat()}T12:00:00.000Z",
                status=Status.ANALYZED if analysis else Status.RECEIVED,
                country=rng.choice(("US", "FR", "JP")),
                analysis=analysis,
            )
        )
    return transactions
