"""Unknown values end to end, and resources passed as inputs (issue 13: "Unknown values", "Resource references")."""

from __future__ import annotations

import time

import pytest
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

from fraudctl.plan_values import format_value
from fraudctl.program.runner import run_program
from fraudctl.program.values import encode

from .helpers import PROGRAMS, preview

pytestmark = pytest.mark.slow


def test_an_unknown_prints_as_the_cli_prints_it_and_travels_as_the_engines_sentinel():
    assert format_value(Unknown()) == "output<string>"
    assert encode({"prefix": Unknown(), "list": [Unknown(), 1]}) == {"prefix": UNKNOWN, "list": [UNKNOWN, 1]}


def test_unknown_outputs_print_as_output_string_and_the_preview_succeeds():
    outcome = preview("unknowns")
    assert outcome.code == 0, outcome.err
    assert outcome.section("Outputs:") == ["    length   : 8", "    petPrefix: output<string>"]


def test_a_policy_reading_an_unknown_gets_the_sdks_advisory_not_a_crash():
    outcome = preview("unknowns", pack="unknown_values")
    assert outcome.code == 0
    events = outcome.events_of("policyEvent")
    assert {(e["policyName"], e["enforcementLevel"]) for e in events} == {
        ("unknown-values-resource-validation", "advisory"),
        ("unknown-values-stack-validation", "advisory"),
    }
    pet = next(e for e in events if e["policyName"] == "unknown-values-resource-validation")
    assert pet["resourceUrn"].endswith("random:index/randomPet:RandomPet::pet")


def test_resource_references_become_ids_and_urns_as_the_engine_sends_them_to_providers():
    started = time.monotonic()
    run = run_program(PROGRAMS / "resource_refs", "dev", timeout=60)
    assert time.monotonic() - started < 30  # it used to hang: references were rebuilt on another event loop
    role, fn = run.by_type("aws:iam/role:Role")[0], run.by_type("aws:lambda/function:Function")[0]
    attachment = run.by_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")[0]
    permission = run.by_type("aws:lambda/permission:Permission")[0]
    assert attachment.inputs["role"] == role.id  # role=role: a custom resource is its ID
    assert permission.inputs["function"] == fn.id  # function=fn
    assert role.urn in attachment.dependencies and fn.urn in permission.dependencies
    assert "resource" not in str(attachment.wire_inputs)  # no reference left for the packs to choke on


def test_the_plan_shows_a_referenced_resource_and_its_dependents():
    outcome = preview("resource_refs")
    assert outcome.code == 0
    assert "aws:lambda:Permission" in outcome.row("invoke") and "aws:iam:RolePolicyAttachment" in outcome.row("fn-logs")
    assert outcome.section("Outputs:") == ['    roleName: "fn-role-c0f04e3"']


def test_transforms_reach_the_plan_and_the_recorded_inputs():
    run = run_program(PROGRAMS / "transforms", "dev")
    bucket = run.by_type("aws:s3/bucket:Bucket")[0]
    queue = run.by_type("aws:sqs/queue:Queue")[0]
    assert bucket.inputs["tags"] == {"Team": "data", "Owner": "platform"}  # register_resource_transform
    assert queue.inputs["messageRetentionSeconds"] == 1209600 and queue.protect  # the parent's transforms=[...]
    assert queue.inputs["delaySeconds"] == 5  # the legacy register_stack_transformation
    assert queue.inputs["tags"] == {"Owner": "platform"}  # the stack transform runs after the inherited one
    assert queue.wire_inputs["messageRetentionSeconds"] == 1209600  # what the packs receive
