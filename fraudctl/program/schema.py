"""The output properties of a resource type, read from its package's Python SDK (generated from the schema).

In a preview the engine's state for a resource to be created holds every output property its provider declares;
the ones the provider cannot compute yet are unknown (a new instance's ``publicIp``). The mocks only return what
they compute, so the analyzer side adds the rest as unknowns from this list, and a stack policy reading one gets
the SDK's "can't run policy ... during preview" instead of a KeyError.
"""

from __future__ import annotations

import importlib
import re
from functools import cache


@cache
def output_names(type_token: str) -> frozenset[str]:
    """Wire names of the type's output properties (``aws:ec2/instance:Instance`` -> ``publicIp``, ...); empty when
    the package's SDK is not importable here or the token does not name a generated resource."""
    parts = type_token.split(":")
    if len(parts) != 3 or "/" not in parts[1] or parts[0] == "pulumi":
        return frozenset()
    package, (module, file), name = parts[0], parts[1].split("/", 1), parts[2]
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", file).lower()
    python_module = {"lambda": "lambda_"}.get(module, module)
    path = f"pulumi_{package.replace('-', '_')}." + (snake if module == "index" else f"{python_module}.{snake}")
    try:
        cls = getattr(importlib.import_module(path), name)
    except (ImportError, AttributeError):
        return frozenset()
    names = (getattr(getattr(attr, "fget", None), "_pulumi_name", None) for attr in vars(cls).values())
    return frozenset(n for n in names if n)
