"""What the engine adds around a program, as the CLI shows it: providers, types, reads, stack references, remote
components, logs and printed values."""

from __future__ import annotations

import pytest

from fraudctl.program.runner import run_program

from .helpers import PROGRAMS, STACK_REFERENCES, preview

pytestmark = pytest.mark.slow
REFS = ("--stack-reference-outputs", str(STACK_REFERENCES))


def test_default_providers_are_named_by_version_and_carry_it():
    run = run_program(PROGRAMS / "engine_faithful", "dev", stack_references={})
    providers = {r.name: r for r in run.resources if r.is_provider}
    assert providers["default_4_16_7"].inputs == {"version": "4.16.7"}
    assert providers["default"].type == "pulumi:providers:tools" and providers["default"].inputs == {}
    uuid = run.by_type("random:index/randomUuid:RandomUuid")[0]
    assert uuid.provider_urn == providers["default_4_16_7"].urn
    assert preview("engine_faithful", *REFS, pack="provider").code == 0  # the pack checks what it was sent


def test_types_display_as_the_cli_shows_them():
    outcome = preview("engine_faithful", *REFS)
    assert "random:index:RandomUuid" in outcome.row("id") and "tools:index:Thing" in outcome.row("thing")


def test_reads_are_recorded_but_not_planned():
    run = run_program(PROGRAMS / "engine_faithful", "dev", stack_references={})
    existing = next(r for r in run.resources if r.name == "existing")
    assert (
        existing.external and existing.id == "legacy-bucket" and existing.outputs["arn"] == "arn:aws:s3:::legacy-bucket"
    )
    reference = next(r for r in run.resources if r.type == "pulumi:pulumi:StackReference")
    assert reference.external and reference.id == "acme/network/prod"
    outcome = preview("engine_faithful", *REFS)
    assert not any(
        " existing " in line or "StackReference" in line for line in outcome.out.splitlines() if line.startswith("+ ")
    )
    assert outcome.section("Resources:") == ["    + 7 to create"]


def test_stack_reference_outputs_come_from_the_file_else_stay_unknown():
    with_file = dict(_rows(preview("engine_faithful", *REFS).section("Outputs:")))
    without = dict(_rows(preview("engine_faithful").section("Outputs:")))
    assert with_file["sharedVpcId"] == '"vpc-0123456789abcdef0"' and without["sharedVpcId"] == "output<string>"


def test_a_remote_component_is_not_echoed_back_as_its_own_outputs():
    run = run_program(PROGRAMS / "engine_faithful", "dev", stack_references={})
    vpc = next(r for r in run.resources if r.type == "awsx:ec2:Vpc")
    assert vpc.remote and not vpc.custom and vpc.outputs == {}
    assert vpc.inputs["cidrBlock"] == "10.0.0.0/16"
    assert dict(_rows(preview("engine_faithful", *REFS).section("Outputs:")))["vpcId"] == "output<string>"


def test_logs_keep_their_severity_and_resource():
    outcome = preview("engine_faithful", *REFS)
    assert outcome.section("Diagnostics:") == ["  pulumi:pulumi:Stack (engine_faithful-dev):", "    an info line"]
    lines = outcome.out.splitlines()
    bucket = lines.index("  aws:s3:Bucket (existing):")
    assert lines[bucket + 1] == "    warning: a warning about the bucket"
    assert "1 message" in outcome.row("engine_faithful-dev")


def test_values_print_as_the_cli_prints_them():
    assert preview("engine_faithful", *REFS).section("Outputs:") == [
        "    count      : 12",
        '    existingArn: "arn:aws:s3:::legacy-bucket"',
        "    nested     : {",
        "        flag: true",
        "        list: [",
        "            [0]: 1",
        '            [1]: "two"',
        "        ]",
        "    }",
        "    ratio      : 0.5",
        '    sharedVpcId: "vpc-0123456789abcdef0"',
        "    vpcId      : output<string>",
    ]


def _rows(lines: list[str]) -> list[tuple[str, str]]:
    return [(k.strip(), v) for k, v in (line.split(": ", 1) for line in lines if ": " in line)]
