"""The Lambda runtime: a config key, refused when AWS has deprecated it, and the pack judging by the same dates."""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

import pytest

from fraud_stack.config import ConfigError, StackConfig
from fraud_stack.runtimes import DEFAULT_RUNTIME, DEPRECATION_DATES
from tests.infra.graph import one

PACK = Path(__file__).resolve().parents[2] / "policies"


def test_the_functions_run_the_default_runtime(stack):
    for logical in ("transaction-processor", "fraud-analyzer", "report-generator"):
        assert one(stack, "aws:lambda/function:Function", logical).inputs["runtime"] == DEFAULT_RUNTIME == "python3.13"


def test_the_card_s_python3_11_is_refused_with_aws_s_date():
    with pytest.raises(ConfigError) as caught:
        StackConfig(environment_suffix="dev", cost_center="fraud", lambda_runtime="python3.11")
    message = str(caught.value)
    assert "lambdaRuntime 'python3.11' was deprecated by AWS Lambda on 2026-06-30" in message
    assert "python3.12, python3.13, python3.14" in message


def test_a_runtime_is_refused_from_its_deprecation_day_on():
    deprecated = DEPRECATION_DATES["python3.12"]
    StackConfig("dev", "fraud", lambda_runtime="python3.12", today=deprecated - datetime.timedelta(days=1))
    with pytest.raises(ConfigError, match=re.escape("python3.12' was deprecated by AWS Lambda on 2028-10-31")):
        StackConfig("dev", "fraud", lambda_runtime="python3.12", today=deprecated)


def test_an_unknown_runtime_is_refused():
    with pytest.raises(ConfigError, match=re.escape("lambdaRuntime 'nodejs22.x' is not a Lambda Python runtime")):
        StackConfig(environment_suffix="dev", cost_center="fraud", lambda_runtime="nodejs22.x")


def test_a_configured_runtime_reaches_the_functions_and_their_layer(project_root):
    from fraudctl.program.runner import run_program

    run = run_program(project_root, "dev", {"fraud-detection:lambdaRuntime": "python3.12"})
    for function in run.by_type("aws:lambda/function:Function"):
        assert function.inputs["runtime"] == "python3.12"
        (layer,) = function.inputs["layers"]
        assert "AWSLambdaPowertoolsPythonV3-python312-x86_64" in layer


def test_the_pack_judges_runtimes_by_the_same_dates():
    sys.path.insert(0, str(PACK))
    try:
        from fraud_guardrails.lambda_runtimes import DEPRECATION_DATES as PACK_DATES
    finally:
        sys.path.remove(str(PACK))
    for runtime, date in DEPRECATION_DATES.items():
        assert PACK_DATES[runtime] == date.isoformat(), runtime
