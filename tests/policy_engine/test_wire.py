"""Building the analyzer requests from a recorded run (no processes)."""

from __future__ import annotations

from dataclasses import replace

import pulumi
import pytest
from google.protobuf import json_format

from fraudctl.policy_engine import PolicyEngineError
from fraudctl.policy_engine.wire import STACK_TYPE, build_requests
from fraudctl.program.values import ARCHIVE_SIG as ARCHIVE
from fraudctl.program.values import ASSET_SIG as ASSET
from fraudctl.program.values import SIG_KEY as SIG

from .programs import (
    API,
    AWS,
    ECHO,
    FUNCTION,
    LONG_BUCKET,
    SECRET,
    STACK_URN,
    UNKNOWN,
    UNKNOWN_THING,
    WEST,
    resource,
    sample_run,
)


def as_dict(message) -> dict:
    return json_format.MessageToDict(message)


def test_every_registered_resource_is_analyzed_in_order_including_providers_and_components() -> None:
    run = sample_run()
    requests = build_requests(run)
    assert [r.urn for r in requests.analyze] == [r.urn for r in run.resources]
    types = [r.type for r in requests.analyze]
    assert types[:4] == [STACK_TYPE, "pulumi:providers:aws", "pulumi:providers:aws", "fraud:api:TransactionsApi"]
    assert [r.urn for r in requests.analyze_stack.resources] == [r.urn for r in run.resources]


def test_root_stack_is_synthesized_when_not_recorded() -> None:
    run = sample_run(include_stack=False)
    requests = build_requests(run)
    stack = requests.analyze_stack.resources[0]
    assert (stack.urn, stack.type, stack.name) == (STACK_URN, STACK_TYPE, "fraud-detection-dev")
    assert as_dict(stack.properties) == {"apiUrl": "https://example.test", "dbPassword": {**SECRET, "value": "s3cret"}}
    assert len(requests.analyze) == len(run.resources) + 1


def test_recorded_stack_resource_gets_the_stack_outputs() -> None:
    stack = build_requests(sample_run()).analyze_stack.resources[0]
    assert stack.urn == STACK_URN
    assert as_dict(stack.properties) == {"apiUrl": "https://example.test", "dbPassword": {**SECRET, "value": "s3cret"}}


def test_wire_inputs_are_sent_as_recorded_minus_internal_keys() -> None:
    request = next(r for r in build_requests(sample_run()).analyze if r.urn == ECHO)
    assert as_dict(request.properties) == {"size": 3, "password": {**SECRET, "value": "hunter2"}}
    assert request.options.protect is True and request.options.parent == API
    assert request.options.HasField("customTimeouts")


def test_provider_is_resolved_from_the_reference_with_its_inputs() -> None:
    requests = build_requests(sample_run())
    function = next(r for r in requests.analyze if r.urn == FUNCTION)
    assert (function.provider.urn, function.provider.name, function.provider.type) == (
        WEST,
        "west",
        "pulumi:providers:aws",
    )
    assert as_dict(function.provider.properties) == {"region": "eu-west-1"}
    bucket = next(r for r in requests.analyze if r.urn == LONG_BUCKET)
    assert bucket.provider.urn == AWS
    component = next(r for r in requests.analyze if r.urn == API)
    assert not component.HasField("provider")


def test_stack_resources_carry_outputs_parent_and_dependencies() -> None:
    resources = {r.urn: r for r in build_requests(sample_run()).analyze_stack.resources}
    function = resources[FUNCTION]
    assert as_dict(function.properties)["arn"] == "arn:aws:lambda:eu-west-1:1:function:scorer"
    assert function.parent == STACK_URN
    assert list(function.dependencies) == [LONG_BUCKET]
    # Properties without dependencies are left out, like the engine does.
    assert {k: list(v.urns) for k, v in function.propertyDependencies.items()} == {"environment": [LONG_BUCKET]}
    # An output whose input was a secret stays a secret.
    assert as_dict(resources[ECHO].properties)["password"] == {**SECRET, "value": "hunter2"}
    assert "__internal" not in as_dict(resources[ECHO].properties)


def test_assets_and_archives_are_encoded_like_pulumi_does() -> None:
    code = pulumi.AssetArchive({"handler.py": pulumi.FileAsset("/src/handler.py"), "x": pulumi.StringAsset("x")})
    run = replace(sample_run(), resources=(resource(FUNCTION, "test:compute:Function", "scorer", {"code": code}),))
    requests = build_requests(run)
    expected = {
        SIG: ARCHIVE,
        "assets": {"handler.py": {SIG: ASSET, "path": "/src/handler.py"}, "x": {SIG: ASSET, "text": "x"}},
    }
    assert as_dict(requests.analyze[1].properties) == {"code": expected}
    assert as_dict(requests.analyze_stack.resources[1].properties) == {"code": expected}


def test_unchanged_outputs_keep_the_wire_form_of_their_input() -> None:
    resources = {r.urn: r for r in build_requests(sample_run()).analyze_stack.resources}
    assert as_dict(resources[UNKNOWN_THING].properties) == {"bucketName": UNKNOWN}  # still unknown, not null


def test_values_the_engine_cannot_marshal_are_a_clear_error() -> None:
    run = replace(sample_run(), resources=(resource(FUNCTION, "test:compute:Function", "scorer", {"when": object()}),))
    with pytest.raises(
        PolicyEngineError,
        match=r"cannot send the properties of .*scorer to the policy packs: unsupported property value of type object",
    ):
        build_requests(run)
