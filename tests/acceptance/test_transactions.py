"""Submitting and retrieving transactions (features/submitting_transactions.feature)."""

from pytest_bdd import scenarios

scenarios("submitting_transactions.feature")
