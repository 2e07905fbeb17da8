"""The Python runtimes AWS Lambda runs, with the date AWS deprecates each: the stack only deploys a supported one.

AWS Lambda's runtime table (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html; the same dates as
terraform-linters' aws_lambda_function_deprecated_runtime rule): on the deprecation date a runtime stops getting
security patches, about a month later creating functions with it is blocked, and about two months later updating
them. The card this project started from named python3.11, deprecated on 2026-06-30 with Amazon Linux 2: a first
`pulumi up` today would fail to create the functions, so the stack runs python3.13 (see README, "Lambda runtime").
The policy pack carries the same dates (policies/fraud_guardrails/lambda_runtimes.py); a test keeps the two equal.
"""

from __future__ import annotations

import datetime

DEFAULT_RUNTIME = "python3.13"
DEPRECATION_DATES = {
    "python3.14": datetime.date(2029, 6, 30),
    "python3.13": datetime.date(2029, 6, 30),
    "python3.12": datetime.date(2028, 10, 31),
    "python3.11": datetime.date(2026, 6, 30),
    "python3.10": datetime.date(2026, 6, 30),
    "python3.9": datetime.date(2025, 12, 15),
}


def runtime_problem(runtime: str, today: datetime.date) -> str | None:
    """Why `runtime` cannot be deployed on `today`, or None."""
    deprecated = DEPRECATION_DATES.get(runtime)
    supported = ", ".join(r for r, d in sorted(DEPRECATION_DATES.items()) if d > today)
    if deprecated is None:
        return f"lambdaRuntime {runtime!r} is not a Lambda Python runtime this stack knows (use one of: {supported})"
    if deprecated <= today:
        return (
            f"lambdaRuntime {runtime!r} was deprecated by AWS Lambda on {deprecated.isoformat()}: AWS blocks creating "
            f"and then updating functions that use it (use one of: {supported})"
        )
    return None
