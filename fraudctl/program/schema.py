"""The output properties of a resource type, read from its package's Python SDK (generated from the schema).

In a preview the engine's state for a resource to be created holds every output property its provider declares;
the ones the provider computes and the program did not set are unknown (a new instance's ``publicIp``). The mocks
only return what they compute, so the analyzer side adds the rest as unknowns from this list, and a stack policy
reading one gets the SDK's "can't run policy ... during preview" instead of a KeyError.

Only COMPUTED properties become unknown. The bridge types an output ``Optional`` exactly when the provider's
attribute is optional and not computed (pulumi-terraform-bridge, tfgen); such a property left unset is simply absent
in the engine's state, as it is here. Every other output either is a required input (always set by the program) or is
computed.
"""

from __future__ import annotations

import importlib
import re
import typing
from functools import cache
from types import NoneType


@cache
def output_names(type_token: str) -> frozenset[str]:
    """Wire names of the type's output properties (``aws:ec2/instance:Instance`` -> ``publicIp``, ...); empty when
    the package's SDK is not importable here or the token does not name a generated resource."""
    return frozenset(_outputs(type_token))


@cache
def computed_output_names(type_token: str) -> frozenset[str]:
    """The output properties a provider may compute: those not typed ``Output[Optional[...]]``."""
    return frozenset(name for name, optional in _outputs(type_token).items() if not optional)


def _outputs(type_token: str) -> dict[str, bool]:
    """Wire name -> whether its output type is Optional."""
    cls = _resource_class(type_token)
    if cls is None:
        return {}
    found: dict[str, bool] = {}
    for attr in vars(cls).values():
        getter = getattr(attr, "fget", None)
        name = getattr(getter, "_pulumi_name", None)
        if name:
            found[name] = _is_optional(getattr(getter, "__annotations__", {}).get("return"))
    return found


def _resource_class(type_token: str) -> type | None:
    parts = type_token.split(":")
    if len(parts) != 3 or "/" not in parts[1] or parts[0] == "pulumi":
        return None
    package, (module, file), name = parts[0], parts[1].split("/", 1), parts[2]
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", file).lower()
    root = f"pulumi_{package.replace('-', '_')}"
    python_module = {"lambda": "lambda_"}.get(module, module)
    try:
        # Through the package's own service module, as a program imports it: importing one file of a service
        # directly first leaves the lazily loaded service module without its other classes (pulumi_aws.ec2).
        service = importlib.import_module(root if module == "index" else f"{root}.{python_module}")
        cls = getattr(service, name, None)
        if cls is None:  # a class the service module does not re-export: its own file
            cls = getattr(importlib.import_module(f"{service.__name__}.{snake}"), name)
    except (ImportError, AttributeError):
        return None
    return cls if isinstance(cls, type) else None


def _is_optional(annotation: object) -> bool:
    """``Output[Optional[str]]`` -> True; ``Output[str]`` or a string annotation that says Optional -> as written."""
    if isinstance(annotation, str):
        return "Optional[" in annotation
    inner = typing.get_args(annotation)
    return bool(inner) and NoneType in typing.get_args(inner[0])
