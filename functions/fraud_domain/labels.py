"""Outcomes in: a fraud team confirms or clears a transaction (chargeback, investigation, customer report).

A label is kept on the transaction with when it arrived. `fraudKnownSince` is when the current run of fraud=true
labels began: the terminal and merchant counters count the fraud on that UTC day, so rules only ever see a fraud
from the day it became known, and a later change of source alone moves nothing.

`explainedByCard` says whose fraud it is, decided once when the fraud first becomes known (fraud_domain.attribution):
a fraud the card's own evidence already flagged (a stolen card's steep amount) is the card's, and does not count
against the terminal and merchant it happened at; any other fraud does. Kept while the label stays fraud, so clearing
it takes it back out of exactly the counters it went into.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class LabelSource(StrEnum):
    CHARGEBACK = "chargeback"
    INVESTIGATION = "investigation"
    CUSTOMER = "customer"


@dataclass(frozen=True, slots=True)
class Label:
    fraud: bool
    source: LabelSource
    labelled_at: str  # ISO 8601 UTC: when this (fraud, source) arrived
    fraud_known_since: str | None = None  # ISO 8601 UTC, only while fraud: when fraud=true first arrived
    explained_by_card: bool = False  # only while fraud: the card's own evidence explained it (not counted at places)

    def same_outcome(self, fraud: bool, source: LabelSource) -> bool:
        return self.fraud == fraud and self.source == source


@dataclass(frozen=True, slots=True)
class LabelChange:
    """What a label request does to the stored label: `label` is what is stored after it."""

    previous: Label | None
    label: Label
    changed: bool  # False for the same label again: nothing is written, the stored label is returned as it is

    @property
    def fraud_changed(self) -> bool:
        """Whether the counters move: the transaction becomes, or stops being, a confirmed fraud."""
        return self.changed and self.label.fraud != (self.previous is not None and self.previous.fraud)


def label_change(
    previous: Label | None, fraud: bool, source: LabelSource, arrived_at: str, explained_by_card: bool = False
) -> LabelChange:
    """The label after a request that arrived at `arrived_at` (ISO 8601 UTC).

    `explained_by_card` (fraud_domain.attribution, from the transaction as stored) is taken only when the fraud
    first becomes known; a fraud label that stays fraud keeps the attribution it was counted with.
    """
    if previous is not None and previous.same_outcome(fraud, source):
        return LabelChange(previous, previous, changed=False)
    if not fraud:
        return LabelChange(previous, Label(fraud, source, arrived_at), changed=True)
    if previous is not None and previous.fraud:
        known_since, explained = previous.fraud_known_since, previous.explained_by_card
    else:
        known_since, explained = arrived_at, explained_by_card
    return LabelChange(previous, Label(fraud, source, arrived_at, known_since, explained), changed=True)


def label_attributes(label: Label) -> dict[str, Any]:
    """The stored `label` map, which is also the API's label body."""
    stored: dict[str, Any] = {"fraud": label.fraud, "source": str(label.source), "labelledAt": label.labelled_at}
    if label.fraud_known_since is not None:
        stored["fraudKnownSince"] = label.fraud_known_since
    if label.fraud:
        stored["explainedByCard"] = label.explained_by_card
    return stored


def label_from_attributes(stored: Any) -> Label:
    """Reads a stored label map; raises ValueError (or KeyError/TypeError) when it is not one."""
    if not isinstance(stored.get("fraud"), bool):
        raise ValueError("label.fraud must be a boolean")
    known_since = stored.get("fraudKnownSince")
    if stored["fraud"] != (known_since is not None):
        raise ValueError("label.fraudKnownSince must be present exactly when fraud is true")
    # Absent on fraud labels stored before attribution existed: those were counted at their places.
    explained = stored.get("explainedByCard", False)
    if not isinstance(explained, bool) or (explained and not stored["fraud"]):
        raise ValueError("label.explainedByCard must be a boolean, true only while fraud is true")
    return Label(stored["fraud"], LabelSource(stored["source"]), str(stored["labelledAt"]), known_since, explained)
