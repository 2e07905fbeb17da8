"""The environment a local worker runs with: the program's variables, Lambda's reserved ones, and moto's endpoint.

Nothing is inherited from the developer's shell but PATH: a real AWS profile or region in the shell must never
reach a local function (the config and credential files point to /dev/null, credentials are fake).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

from fraudctl.local.emulator import FAKE_CREDENTIALS
from fraudctl.local.topology import LambdaFunction


def lambda_environment(
    function: LambdaFunction,
    endpoint: str,
    region: str,
    extra: Mapping[str, str] | None = None,
    credentials: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """`credentials`: the function's role session (IAM enforced); None: moto's any-credentials, IAM not enforced."""
    log_stream = f"{datetime.now(UTC):%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}"
    reserved = {
        # What the Lambda service sets (and forbids a function to set itself).
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{function.runtime or 'python3.13'}",
        "AWS_LAMBDA_FUNCTION_NAME": function.name,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(function.memory_mb),
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_LAMBDA_LOG_GROUP_NAME": function.log_group,
        "AWS_LAMBDA_LOG_STREAM_NAME": log_stream,
        "LAMBDA_TASK_ROOT": str(function.code_dir),
        "_HANDLER": function.handler,
        "TZ": ":UTC",
        "LANG": "en_US.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
    }
    local = {
        # What makes the unchanged handlers talk to moto: boto3 honours AWS_ENDPOINT_URL.
        "AWS_ENDPOINT_URL": endpoint,
        **(credentials or FAKE_CREDENTIALS),
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    return {**function.environment, **(extra or {}), **local, **reserved}
