"""Daily fraud reporting (features/daily_reporting.feature)."""

from pytest_bdd import scenarios

scenarios("daily_reporting.feature")
