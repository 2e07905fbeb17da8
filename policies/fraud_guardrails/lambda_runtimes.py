"""Lambda runtimes AWS still supports (FSBP Lambda.2), judged by AWS's published deprecation dates.

Lambda.2 passes a function whose runtime is on AWS's list of supported runtimes; AWS takes a runtime off that list
on its deprecation date. The pack cannot ask AWS at preview time, so it carries the table of the Lambda runtimes page
(https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, read 2026-12-01; terraform-linters'
aws_lambda_function_deprecated_runtime keeps the same dates). AWS moves dates now and then: the table is the
policy's config, so a stack can follow a change before the pack is released.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity

from fraud_guardrails import types as T
from fraud_guardrails.metadata import MANDATORY, resource_rule, setting
from fraud_guardrails.props import describe, get

# Runtime identifier -> the date AWS deprecates it (no security patches; creation is blocked about a month later,
# updates about two months later).
DEPRECATION_DATES = {
    "python3.14": "2029-06-30",
    "python3.13": "2029-06-30",
    "python3.12": "2028-10-31",
    "python3.11": "2026-06-30",
    "python3.10": "2026-06-30",
    "python3.9": "2025-12-15",
    "python3.8": "2024-10-14",
    "python3.7": "2023-12-04",
    "python3.6": "2022-07-18",
    "python2.7": "2021-07-15",
    "nodejs24.x": "2028-04-30",
    "nodejs22.x": "2027-04-30",
    "nodejs20.x": "2026-04-30",
    "nodejs18.x": "2025-09-01",
    "nodejs16.x": "2024-06-12",
    "nodejs14.x": "2023-12-04",
    "nodejs12.x": "2023-03-31",
    "nodejs10.x": "2021-07-30",
    "java25": "2029-06-30",
    "java21": "2029-06-30",
    "java17": "2026-06-30",
    "java11": "2026-06-30",
    "java8.al2": "2026-06-30",
    "java8": "2024-01-08",
    "dotnet10": "2028-11-14",
    "dotnet8": "2026-11-10",
    "dotnet6": "2024-11-12",
    "ruby3.4": "2028-03-31",
    "ruby3.3": "2027-03-31",
    "ruby3.2": "2026-03-31",
    "ruby2.7": "2023-11-27",
    "provided.al2023": "2029-06-30",
    "provided.al2": "2026-06-30",
    "provided": "2024-01-08",
    "go1.x": "2024-01-08",
}


def _date(text: str, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a YYYY-MM-DD date") from None


@resource_rule(
    name="aws-lambda-function-supported-runtime",
    description="Lambda functions use a runtime AWS still supports (not past its deprecation date).",
    severity=Severity.HIGH,
    # Mandatory: AWS itself refuses to create, then to update, functions on a deprecated runtime.
    enforcement=MANDATORY,
    remediation="Move the function to a supported runtime (e.g. python3.13) and a matching Powertools layer before "
    "the deprecation date: AWS blocks creating such functions a month later and updating them two months later.",
    types=(T.LAMBDA_FUNCTION,),
    fsbp=("Lambda.2",),
    checkov=("CKV_AWS_363",),
    config={
        "deprecationDates": setting(
            "object",
            DEPRECATION_DATES,
            "Runtime identifier -> AWS's deprecation date (YYYY-MM-DD); a runtime not listed is not supported.",
            additionalProperties={"type": "string"},
        ),
        "asOf": setting(
            "string", "", "Judge as of this date (YYYY-MM-DD), e.g. to see what breaks next quarter; empty: today."
        ),
    },
)
def function_supported_runtime(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if get(args.props, "packageType") == "Image":
        return  # a container image brings its own runtime; Lambda.2 ignores image functions
    runtime = get(args.props, "runtime")
    as_of = _date(cfg["asOf"], "asOf") if cfg["asOf"] else datetime.datetime.now(datetime.UTC).date()
    dates: Mapping[str, Any] = cfg["deprecationDates"]
    if not isinstance(runtime, str) or runtime not in dates:
        yield f"runtime {describe(runtime)} is not a runtime AWS Lambda supports"
        return
    deprecated = _date(str(dates[runtime]), f"the deprecation date of {runtime}")
    if as_of >= deprecated:
        yield f"runtime {runtime} was deprecated by AWS on {deprecated.isoformat()} (judged as of {as_of.isoformat()})"


POLICIES = [function_supported_runtime]
