"""Pulumi property values as Terraform attribute values: the snake case of the inputs, nested too, maps left alone.

The bridge names a Pulumi property after the camel case of its Terraform attribute, so the snake case gives the
Terraform name back (`serverSideEncryption` -> `server_side_encryption`). Map-typed properties (tags, environment
variables, request templates) have keys that are data, not attribute names: they are kept as they are. Without the
provider schema they are recognised by name, and by their keys, which are never lower camel case identifiers
(`Environment`, `TABLE_NAME`, `application/json`, `method.request.path.id`).

Repeated blocks are pluralised by the bridge (Terraform's `rule` block is Pulumi's `rules`, `global_secondary_index`
is `globalSecondaryIndexes`): a list of objects takes the singular back, with the inflector the bridge's own
(jinzhu/inflection) is a port of, and only when the singular pluralises to the same word. A block Terraform itself
names in the plural (`aws_api_gateway_usage_plan.api_stages`) comes out singular: the SDK cannot tell them apart.

A handful of attributes the bridge renamed by hand (`aws_lambda_function.function_name` is Pulumi's `name`,
`rest_api_id` is `restApi`) keep Pulumi's name: the installed SDK does not say what they were.
"""

from __future__ import annotations

import re
from typing import Any

import inflection

from fraudctl.export.tf_types import snake

# Properties whose value is a map from data keys to values in every pulumi-aws resource that has them.
MAP_PROPERTIES = frozenset(
    {
        "tags",
        "tagsAll",
        "variables",
        "requestTemplates",
        "responseTemplates",
        "requestModels",
        "responseModels",
        "requestParameters",
        "responseParameters",
        "stageVariables",
        "parameters",
    }
)
_ATTRIBUTE_NAME = re.compile(r"^[a-z][a-zA-Z0-9]*$")


def terraform_value(value: Any) -> Any:
    """A property value with every attribute name in snake case; None stays None (unknown)."""
    if isinstance(value, dict):
        return {_key(key, item): _nested(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return [terraform_value(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # the engine sends every number as a float; Terraform plans write 512, not 512.0
    if value is None or isinstance(value, str | int | float | bool):
        return value
    # Pulumi assets and archives (a function's code) as the stack export marks them: their content is no attribute.
    kind = type(value).__name__
    return "[archive]" if "Archive" in kind else "[asset]" if "Asset" in kind else str(value)


def attribute_name(key: str, value: Any = None) -> str:
    return _key(key, value)


def _key(key: str, value: Any) -> str:
    if not _ATTRIBUTE_NAME.match(key):
        return key
    name = snake(key)
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        *head, last = name.split("_")
        singular = inflection.singularize(last)
        # Rails says "indices"; the bridge wrote `globalSecondaryIndexes`: a plain -s/-es plural counts too.
        if singular != last and last in (inflection.pluralize(singular), singular + "s", singular + "es"):
            name = "_".join([*head, singular])
    return name


def _nested(key: str, value: Any) -> Any:
    if key in MAP_PROPERTIES and isinstance(value, dict):
        return dict(value)
    return terraform_value(value)
