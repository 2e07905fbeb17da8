"""The Powertools for AWS Lambda (Python) layer, resolved at deploy time for the exact version the tests run.

A hard-coded layer version drifts from the pinned library (layer 27 is Powertools 3.23 while the pin moved on).
Powertools publishes one public SSM parameter per release, runtime and architecture whose value is that release's
layer ARN in the region; reading it for the pinned version makes the deployed library the tested one.
Releases before 3.24 were published under a wrong parameter name (aws-powertools/powertools-lambda-python#7689), so
the pin must stay at 3.24 or later.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

PARAMETER_PREFIX = "/aws/service/powertools/python"


def layer_parameter_name(version: str, runtime: str, architecture: str = "x86_64") -> str:
    """e.g. /aws/service/powertools/python/x86_64/python3.13/3.37.0 (the runtime keeps its dot)."""
    return f"{PARAMETER_PREFIX}/{architecture}/{runtime}/{version}"


def powertools_layer_arn(version: str, runtime: str, parent: pulumi.Resource) -> pulumi.Output[str]:
    """The layer ARN of that release in the provider's region; a missing parameter stops the preview with its name."""
    parameter = aws.ssm.get_parameter_output(
        name=layer_parameter_name(version, runtime), opts=pulumi.InvokeOutputOptions(parent=parent)
    )
    return parameter.insecure_value  # a public String parameter: `value` would mark the ARN secret for nothing
