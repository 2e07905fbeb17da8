"""The ISO 4217 currencies the API accepts, with their minor units.

The reference scale is a coarse, rounded "units per US dollar" order of magnitude. It only derives the default
per-currency thresholds of the rule engine (high amount, small amount, ...) from one number each; it is not an
exchange rate and nothing converts money with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Currency:
    code: str
    minor_units: int  # decimals allowed in an amount (JPY 0, USD 2, KWD 3)
    reference_scale: Decimal


def _currencies(spec: str) -> MappingProxyType[str, Currency]:
    table = {}
    for entry in spec.split():
        code, minor_units, scale = entry.split(":")
        table[code] = Currency(code, int(minor_units), Decimal(scale))
    return MappingProxyType(table)


CURRENCIES = _currencies(
    """
    USD:2:1 EUR:2:1 GBP:2:1 CHF:2:1 CAD:2:1 AUD:2:1 NZD:2:1 SGD:2:1 HKD:2:8 JPY:0:150 CNY:2:7 INR:2:80
    KRW:0:1300 BRL:2:5 MXN:2:20 ZAR:2:20 SEK:2:10 NOK:2:10 DKK:2:7 PLN:2:4 CZK:2:25 HUF:2:350 TRY:2:30
    ILS:2:4 AED:2:4 SAR:2:4 QAR:2:4 KWD:3:0.3 BHD:3:0.4 OMR:3:0.4 JOD:3:0.7 TND:3:3 CLP:0:900 ISK:0:140
    VND:0:25000 IDR:2:16000 THB:2:35 MYR:2:4.5 PHP:2:55 TWD:2:30 COP:2:4000 ARS:2:900 EGP:2:50 NGN:2:1500
    KES:2:130 UGX:0:3700 PKR:2:280 RON:2:4.5
    """
)


def minor_unit_step(currency: str) -> Decimal:
    """The smallest amount step of a currency, e.g. Decimal('0.01') for USD: used to display amounts."""
    return Decimal(1).scaleb(-CURRENCIES[currency].minor_units)


def format_amount(amount: Decimal, currency: str) -> str:
    """An amount with exactly the currency's decimals ("65.10"), for reasons and CSV cells people read."""
    if currency not in CURRENCIES:
        return format(amount, "f")
    return format(amount.quantize(minor_unit_step(currency)), "f")


def per_currency(usd_equivalent: Decimal | int) -> MappingProxyType[str, Decimal]:
    """A threshold for every known currency from one US-dollar-like value, rounded to the currency's minor unit."""
    return MappingProxyType(
        {
            code: (Decimal(usd_equivalent) * currency.reference_scale).quantize(minor_unit_step(code))
            for code, currency in CURRENCIES.items()
        }
    )
