"""The Powertools the functions run in AWS is the Powertools every test runs: one version, read from the pins."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version

import pytest

from fraud_stack.pins import pinned_version
from fraud_stack.powertools import layer_parameter_name
from fraudctl.program.aws_invokes import answer_invoke


def test_the_layer_parameter_the_program_reads_is_the_pinned_installed_release(stack, project_root):
    pyproject = tomllib.loads((project_root / "pyproject.toml").read_text())
    (direct,) = [d for d in pyproject["project"]["dependencies"] if d.startswith("aws-lambda-powertools")]
    pinned = pinned_version("aws-lambda-powertools")
    assert direct.endswith(f"=={pinned}")  # pyproject and constraints agree
    assert version("aws-lambda-powertools") == pinned  # and it is what the tests import
    parameter = layer_parameter_name(pinned, "python3.13")
    assert parameter == f"/aws/service/powertools/python/x86_64/python3.13/{pinned}"
    # The program asks for exactly that parameter and gives every function its value, nothing else.
    value = answer_invoke("aws:ssm/getParameter:getParameter", {"name": parameter}, region="us-east-2", account_id="1")
    for function in stack.by_type("aws:lambda/function:Function"):
        assert function.inputs["layers"] == [value["insecureValue"]]
        assert function.inputs["runtime"] == "python3.13"


def test_releases_before_the_fixed_parameter_names_are_refused_by_the_pin():
    # Powertools published 3.23.x under a literal "PACKAGE_VERSION" name (powertools-lambda-python#7689).
    major, minor = (int(part) for part in re.match(r"(\d+)\.(\d+)", pinned_version("aws-lambda-powertools")).groups())
    assert (major, minor) >= (3, 24)


def test_a_missing_pin_is_an_error(tmp_path):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("pulumi==3.272.0\n")
    with pytest.raises(LookupError, match="pins no version of aws-lambda-powertools"):
        pinned_version("aws-lambda-powertools", constraints)
    assert pinned_version("PULUMI", constraints) == "3.272.0"
