"""Labelling outcomes (features/labelling_outcomes.feature)."""

from pytest_bdd import scenarios

scenarios("labelling_outcomes.feature")
