"""Compliance of the stack with the policy pack (features/compliance.feature)."""

from pytest_bdd import scenarios

scenarios("compliance.feature")
