"""Values of AWS's public SSM parameters (``/aws/service/...``), which programs read with ``ssm.get_parameter`` to
pick an image or a layer. Unlike a private parameter, their values are public and stable in shape, so a preview can
show a realistic one. Add an entry here when a program reads another public parameter.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

# One pattern per family: the match and the region -> the value AWS publishes (its shape, with a stable stand-in id).
KNOWN_PUBLIC_PARAMETERS: list[tuple[re.Pattern[str], Callable[[re.Match[str], str], str]]] = [
    # Amazon Linux / Windows / Bottlerocket / ECS-optimized image ids.
    (
        re.compile(r"^/aws/service/(ami-amazon-linux-latest|ami-windows-latest|bottlerocket|ecs|canonical)/.+"),
        lambda match, region: "ami-" + hashlib.sha256(match.group(0).encode()).hexdigest()[:17],
    ),
    # Powertools for AWS Lambda (Python): the layer ARN of the given version (AWS's own account in every region).
    (
        re.compile(r"^/aws/service/powertools/python/(x86_64|arm64)/python(\d)\.(\d+)/(\d[\w.]*)$"),
        lambda match, region: (
            f"arn:aws:lambda:{region}:017000801446:layer:AWSLambdaPowertoolsPythonV3-"
            f"python{match.group(2)}{match.group(3)}-{match.group(1)}:{_layer_version(match.group(4))}"
        ),
    ),
]


def public_parameter_value(name: str, region: str) -> str | None:
    for pattern, value in KNOWN_PUBLIC_PARAMETERS:
        match = pattern.match(name)
        if match:
            return value(match, region)
    return None


def _layer_version(package_version: str) -> int:
    # The layer version number is AWS's own counter, not derivable from the package version: a stable stand-in.
    return 1 + int(hashlib.sha256(package_version.encode()).hexdigest()[:4], 16) % 40
