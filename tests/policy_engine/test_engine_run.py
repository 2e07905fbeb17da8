"""The real gRPC path: fixture packs in their own processes, verdicts and what the packs received."""

from __future__ import annotations

import json

import pytest

from fraudctl.policy_engine import PolicyAnalysis, run_policy_packs

from .helpers import PACKS
from .programs import (
    API,
    AWS,
    ECHO,
    FUNCTION,
    LONG_BUCKET,
    PUBLIC_BUCKET,
    SHORT_BUCKET,
    STACK_URN,
    UNKNOWN_THING,
    WEST,
    sample_run,
)

pytestmark = pytest.mark.slow  # starts policy pack processes


@pytest.fixture(scope="module")
def analysis() -> PolicyAnalysis:
    packs = [PACKS / "mandatory", PACKS / "advisory", PACKS / "probe", PACKS / "provider"]
    return run_policy_packs(sample_run(), packs, None)


def pack(analysis: PolicyAnalysis, name: str):
    return next(p for p in analysis.packs if p.info.name == name)


def violations(analysis: PolicyAnalysis, name: str) -> list[tuple[str, str, str, str]]:
    return [(d.policy_name, d.enforcement_level, d.urn, d.message) for d in pack(analysis, name).diagnostics]


def test_mandatory_pack_verdicts(analysis: PolicyAnalysis) -> None:
    result = pack(analysis, "fixture-mandatory")
    assert result.info.version == "1.2.3"  # PulumiPolicy.yaml wins over the SDK's 0.0.1
    assert violations(analysis, "fixture-mandatory") == [
        (
            "bucket-name-max-length",
            "mandatory",
            LONG_BUCKET,
            "Bucket name 'fraud-raw-events-20240101' has 25 characters; the limit is 12.0.",
        ),
        ("bucket-encrypted", "mandatory", SHORT_BUCKET, "Set encrypted: true."),
    ]
    first, second = result.diagnostics
    assert (first.severity, second.severity) == ("high", "critical")
    assert (first.pack_version, first.description) == ("1.2.3", "Bucket names must be short.")
    assert (first.resource_type, first.resource_name) == ("test:storage:Bucket", "raw-events")
    assert analysis.has_mandatory_violations and analysis.exit_code == 1


def test_advisory_pack_initial_config(analysis: PolicyAnalysis) -> None:
    assert pack(analysis, "fixture-advisory").info.version == "0.0.1"
    # tag-required is mandatory in code, but its property-only initial config makes it advisory (engine quirk).
    assert violations(analysis, "fixture-advisory") == [
        ("tag-required", "advisory", LONG_BUCKET, "Missing tag 'owner'."),
        ("function-timeout", "mandatory", FUNCTION, "Timeout 60s exceeds 30.0s."),
    ]


def test_provider_policy_sees_the_resources_provider(analysis: PolicyAnalysis) -> None:
    assert violations(analysis, "fixture-provider") == [
        ("allowed-regions", "mandatory", FUNCTION, "Provider west deploys to eu-west-1; allowed: us-east-2."),
    ]


def test_resource_policy_receives_inputs_options_provider_and_stack_settings(analysis: PolicyAnalysis) -> None:
    echo = next(d for d in pack(analysis, "fixture-probe").diagnostics if d.urn == ECHO)
    seen = json.loads(echo.message)
    assert seen == {
        "type": "test:misc:Thing",
        "urn": ECHO,
        "name": "echo-target",
        "props": {"size": 3, "password": "hunter2"},  # secret unwrapped by the SDK, "__internal" dropped
        "provider": {
            "type": "pulumi:providers:aws",
            "urn": AWS,
            "name": "default_7_51_1",
            "props": {"region": "us-east-2", "version": "7.51.1"},
        },
        "parent": API,
        "protect": True,
        "config": {},
        "stack": "dev",
        "project": "fraud-detection",
        "organization": "acme",
        "dry_run": True,
        "region": "us-east-2",  # PULUMI_CONFIG reached the pack
    }


def test_unknown_input_gives_the_sdks_advisory_preview_diagnostic(analysis: PolicyAnalysis) -> None:
    diagnostic = next(d for d in pack(analysis, "fixture-probe").diagnostics if d.urn == UNKNOWN_THING)
    assert diagnostic.enforcement_level == "advisory"
    assert diagnostic.full_message == (
        "can't run policy 'echo-resource' from policy pack 'fixture-probe@v0.0.1' during preview: "
        "string value at .bucketName can't be known during preview"
    )


def test_stack_policy_sees_outputs_parents_dependencies_and_providers(analysis: PolicyAnalysis) -> None:
    echo = next(d for d in pack(analysis, "fixture-probe").diagnostics if d.policy_name == "echo-stack")
    assert echo.urn == STACK_URN and echo.stack_policy  # no URN reported: attributed to the root stack
    seen = {r["urn"]: r for r in json.loads(echo.message)}
    assert list(seen) == [r.urn for r in sample_run().resources]  # providers and components included
    function = seen[FUNCTION]
    assert function["props"]["arn"] == "arn:aws:lambda:eu-west-1:1:function:scorer"  # outputs, not inputs
    assert function["parent"] == STACK_URN
    assert function["dependencies"] == [LONG_BUCKET]
    assert function["property_dependencies"] == {"environment": [LONG_BUCKET]}
    assert function["provider"]["urn"] == WEST and function["provider"]["props"] == {"region": "eu-west-1"}
    assert seen[LONG_BUCKET]["parent"] == API
    assert seen[STACK_URN]["props"] == {"apiUrl": "https://example.test", "dbPassword": "s3cret"}
    assert seen[UNKNOWN_THING]["props"] == {"bucketName": "<unknown>"}  # an unknown input stays unknown


def test_stack_violation_keeps_a_known_urn(analysis: PolicyAnalysis) -> None:
    public = next(d for d in pack(analysis, "fixture-probe").diagnostics if d.policy_name == "no-public-buckets")
    assert (public.urn, public.enforcement_level, public.severity) == (PUBLIC_BUCKET, "mandatory", "medium")


def test_summaries_follow_the_engine(analysis: PolicyAnalysis) -> None:
    mandatory = pack(analysis, "fixture-mandatory")
    assert len(mandatory.resource_summaries) == len(sample_run().resources)  # Analyze ran for every resource
    by_urn = {s.urn: s for s in mandatory.resource_summaries}
    assert (by_urn[LONG_BUCKET].passed, by_urn[LONG_BUCKET].failed) == (
        ("bucket-encrypted",),
        ("bucket-name-max-length",),
    )
    assert by_urn[API].passed == ("bucket-encrypted", "bucket-name-max-length") and by_urn[API].failed == ()
    assert (mandatory.stack_summary.passed, mandatory.stack_summary.failed) == ((), ())
    probe = pack(analysis, "fixture-probe")
    ok = next(s for s in probe.resource_summaries if s.urn == SHORT_BUCKET)
    assert (ok.passed, ok.failed, ok.not_applicable) == ((), (), ("echo-resource",))
    assert probe.stack_summary.failed == ("echo-stack", "no-public-buckets")


def test_timings_are_recorded(analysis: PolicyAnalysis) -> None:
    timings = analysis.timings
    assert timings.analyze_calls == 4 * len(sample_run().resources)
    assert 0 < timings.pack_start_s <= timings.start_s < timings.total_s and timings.analyze_mean_ms > 0
    assert set(timings.per_pack) == {p.info.label for p in analysis.packs}
    assert all(t.start_s > 0 and t.analyze_calls == 10 for t in timings.per_pack.values())
