"""Data sources: the common ones answered with every required field of pulumi-aws's schema; the rest refused."""

from __future__ import annotations

import pytest

from fraudctl.program.aws_invoke_shapes import result_fields
from fraudctl.program.aws_invokes import _INVOKES, answer_invoke

from .helpers import preview

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("token", sorted(_INVOKES))
def test_every_answer_has_each_required_field_of_the_schema(token):
    answer = answer_invoke(token, {}, region="us-east-2", account_id="123456789012")
    required = {f.wire for f in result_fields(token) if f.required}
    assert required and required <= answer.keys(), sorted(required - answer.keys())
    assert answer == answer_invoke(token, {}, region="us-east-2", account_id="123456789012")  # deterministic


def test_common_invokes_give_realistic_values_a_program_can_use():
    outcome = preview("invokes")
    assert outcome.code == 0, outcome.err
    outputs = dict(line.split(": ", 1) for line in outcome.section("Outputs:") if ": " in line)
    assert outputs["    amiId          "].startswith('"ami-') and outputs["    amiArchitecture"] == '"x86_64"'
    assert outputs["    vpcCidr        "] == '"172.31.0.0/16"'  # default=True: the default VPC's range
    assert outputs["    subnetCount    "] == "3"
    assert outputs["    region         "] == '"us-east-2"' and outputs["    dnsSuffix      "] == '"amazonaws.com"'
    assert outputs["    powertoolsLayer"].startswith(
        '"arn:aws:lambda:us-east-2:017000801446:layer:AWSLambdaPowertoolsPythonV3-python311-x86_64:'
    )
    assert outputs["    latestImage    "].startswith('"ami-')


def test_answers_follow_the_arguments():
    ami = answer_invoke(
        "aws:ec2/getAmi:getAmi",
        {"owners": ["099720109477"], "filters": [{"name": "name", "values": ["ubuntu/images/*-arm64-server-*"]}]},
        region="eu-west-1",
        account_id="1",
    )
    assert ami["ownerId"] == "099720109477" and ami["architecture"] == "arm64"
    assert ami["arn"] == f"arn:aws:ec2:eu-west-1::image/{ami['id']}" and "*" not in ami["name"]
    zone = answer_invoke("aws:route53/getZone:getZone", {"name": "example.org."}, region="us-east-2", account_id="1")
    assert zone["name"] == "example.org" and zone["arn"] == f"arn:aws:route53:::hostedzone/{zone['zoneId']}"


def test_an_unanswered_invoke_fails_the_run_in_one_line():
    outcome = preview("unanswered_invoke")
    assert outcome.code == 2
    assert (
        "    error: invoke 'aws:rds/getEngineVersion:getEngineVersion' is not supported offline; add an answer for "
        "it in fraudctl/program/aws_invokes.py"
    ) in outcome.err.splitlines()
    assert "Traceback" not in outcome.err
