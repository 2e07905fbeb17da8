"""Fraud screening (features/fraud_screening.feature)."""

from pytest_bdd import scenarios

scenarios("fraud_screening.feature")
