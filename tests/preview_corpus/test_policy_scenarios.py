"""pulumi-policy's own integration scenarios that can run offline, rebuilt in Python: the CLI's verdict and text.

The expected strings are those pulumi-policy's tests/integration/integration_test.go looks for in the CLI's output
(WantErrors); the programs and packs here are ours, doing what theirs do (theirs are TypeScript programs).
"""

from __future__ import annotations

import pytest

from .helpers import CORPUS, preview

pytestmark = pytest.mark.slow


def test_unknown_values():
    outcome = preview("unknowns", pack="unknown_values")
    assert outcome.code == 0  # Advisory: true
    for wanted in (
        "unknown-values-policy@v0.0.1",
        "[advisory]  unknown-values-resource-validation  (random:index/randomPet:RandomPet: pet)",
        "can't run policy 'unknown-values-resource-validation' from policy pack 'unknown-values-policy@v0.0.1' "
        "during preview: string value at .prefix can't be known during preview",
        "[advisory]  unknown-values-stack-validation",
        "can't run policy 'unknown-values-stack-validation' from policy pack 'unknown-values-policy@v0.0.1' "
        "during preview: string value at .prefix can't be known during preview",
    ):
        assert wanted in outcome.out, wanted


def test_parent_dependencies():
    outcome = preview("parent_dependencies", pack="parent_dependencies")
    assert outcome.code == 0 and outcome.events_of("policyEvent") == []  # WantErrors: nil
    assert outcome.events_of("policyAnalyzeStackSummaryEvent")[0]["passed"] == ["validate-stack"]


def test_provider():
    outcome = preview("engine_faithful", pack="provider")
    assert outcome.code == 0 and outcome.events_of("policyEvent") == []


def test_validate_python_resource_scenario_1_violates():
    outcome = preview("validate_resource", "--stack", "s1", pack="validate_resource")
    assert outcome.code == 1
    for wanted in (
        "[mandatory]  randomuuid-no-keepers  (random:index/randomUuid:RandomUuid: r1)",
        "Prohibits creating a RandomUuid without any 'keepers'.",
        "RandomUuid must not have an empty 'keepers'.",
    ):
        assert wanted in outcome.out, wanted


def test_validate_python_resource_scenario_3_passes():
    outcome = preview("validate_resource", "--stack", "s3", pack="validate_resource")
    assert outcome.code == 0 and outcome.events_of("policyEvent") == []


@pytest.mark.parametrize(
    ("config", "code", "line"),
    [
        ("advisory", 0, "[advisory]  randomuuid-no-keepers  (random:index/randomUuid:RandomUuid: r1)"),
        ("disabled", 0, None),
        # A policy without a remediation at level remediate still validates, reported as mandatory.
        ("remediate", 1, "[mandatory]  randomuuid-no-keepers  (random:index/randomUuid:RandomUuid: r1)"),
    ],
)
def test_enforcement_levels_from_config(config, code, line):
    path = str(CORPUS / "configs" / f"{config}.json")
    outcome = preview("validate_resource", "--stack", "s1", "--policy-pack-config", path, pack="validate_resource")
    assert outcome.code == code, outcome.out + outcome.err
    events = outcome.events_of("policyEvent")
    assert (line in outcome.out) if line else events == []
