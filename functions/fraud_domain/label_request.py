"""The PUT /transactions/{id}/label body, validated field by field like the POST body (see intake.py)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainValidator
from pydantic_core import PydanticCustomError

from fraud_domain.labels import LabelSource

_SOURCES = frozenset(source.value for source in LabelSource)


def _strict_bool(value: Any) -> bool:
    # JSON true/false only: 1, "true" and "yes" are ambiguous outcomes for a fraud decision.
    if not isinstance(value, bool):
        raise PydanticCustomError("boolean", "must be true or false")
    return value


def _source(value: Any) -> LabelSource:
    if not isinstance(value, str) or value not in _SOURCES:
        raise PydanticCustomError("source", "must be one of {sources}", {"sources": ", ".join(LabelSource)})
    return LabelSource(value)


class LabelRequest(BaseModel):
    """The PUT /transactions/{id}/label body: `{"fraud": true|false, "source": "chargeback"|...}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fraud: Annotated[bool, PlainValidator(_strict_bool)]
    source: Annotated[LabelSource, PlainValidator(_source)]
