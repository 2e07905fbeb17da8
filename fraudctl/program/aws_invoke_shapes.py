"""The shape of an AWS data source's result, read from pulumi-aws's own Python SDK (generated from its schema).

For ``aws:ec2/getAmi:getAmi`` the SDK has ``pulumi_aws.ec2.get_ami.GetAmiResult``: each property getter carries its
wire name (``@pulumi.getter(name="blockDeviceMappings")``) and a return type whose ``Optional[...]`` marks the
fields the schema does not require. ``shaped`` fills every required field, so the SDK's typed result is complete and
a program never meets a ``None`` where the schema promises a value: known values first, then the inputs the provider
echoes back (``mostRecent``, ``filters``...), then a deterministic placeholder of the field's type.
"""

from __future__ import annotations

import collections.abc
import hashlib
import importlib
import re
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class ResultField:
    wire: str  # camelCase, as on the wire
    hint: Any  # the getter's return type
    required: bool


def shaped(token: str, args: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    """The invoke's result on the wire: ``known`` values, echoed ``args``, placeholders for what is left."""
    result: dict[str, Any] = {}
    for field in result_fields(token):
        if field.wire in known:
            result[field.wire] = known[field.wire]
        elif args.get(field.wire) is not None:
            result[field.wire] = args[field.wire]
        elif field.required:
            result[field.wire] = placeholder(field.hint, f"{token}.{field.wire}")
    return result


@cache
def result_fields(token: str) -> tuple[ResultField, ...]:
    cls = result_class(token)
    fields = []
    for attr in vars(cls).values():
        getter = getattr(attr, "fget", None)
        wire = getattr(getter, "_pulumi_name", None)
        if wire is None:
            continue
        hint = typing.get_type_hints(getter).get("return", str)
        fields.append(ResultField(wire, _strip_optional(hint), not _is_optional(hint)))
    return tuple(fields)


def result_class(token: str) -> type:
    """``aws:ec2/getAmi:getAmi`` -> ``pulumi_aws.ec2.get_ami.GetAmiResult`` (``index`` is the top module)."""
    package, module_and_function, function = token.split(":")
    module = module_and_function.split("/")[0]
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", function).lower()
    python_module = {"lambda": "lambda_"}.get(module, module)
    path = f"pulumi_{package}.{snake}" if module == "index" else f"pulumi_{package}.{python_module}.{snake}"
    loaded = importlib.import_module(path)
    return getattr(loaded, function[0].upper() + function[1:] + "Result")


def placeholder(hint: Any, seed: str) -> Any:
    origin = typing.get_origin(hint)
    if hint is bool:
        return False
    if hint is int:
        return 0
    if hint is float:
        return 0.0
    if hint is str or hint is Any:
        return f"{seed.rsplit('.', 1)[-1]}-{hashlib.sha256(seed.encode()).hexdigest()[:8]}"
    if origin in (list, collections.abc.Sequence):
        return []
    if origin in (dict, collections.abc.Mapping):
        return {}
    if isinstance(hint, type):  # a nested output type: its own required fields
        nested: dict[str, Any] = {}
        for attr in vars(hint).values():
            getter = getattr(attr, "fget", None)
            wire = getattr(getter, "_pulumi_name", None)
            inner = typing.get_type_hints(getter).get("return", str) if wire else None
            if wire and not _is_optional(inner):
                nested[wire] = placeholder(inner, f"{seed}.{wire}")
        return nested
    return None


def _is_optional(hint: Any) -> bool:
    return typing.get_origin(hint) is typing.Union and type(None) in typing.get_args(hint)


def _strip_optional(hint: Any) -> Any:
    if _is_optional(hint):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return inner[0] if len(inner) == 1 else Any
    return hint
