"""The review of a real deployment's files: a preview event log and a stack export, good and malformed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from fraudctl.policy_engine import run_policy_packs
from fraudctl.program.model import ProgramRun
from fraudctl.review import ReviewInputError, ReviewModel, review_from_files
from fraudctl.review.independent import IndependentOptions
from fraudctl.review.render_json import to_data

from .conftest import DEV_ADVISORIES, PACK, REPO
from .stack_files import SAMPLE_EVENT_LOG, SAMPLE_STACK_EXPORT, write_event_log, write_stack_export

ANALYZER_URN = "urn:pulumi:dev::fraud-detection::fraud:functions:Functions$aws:lambda/function:Function::fraud-analyzer"
RUNTIME_VIOLATION = {
    "sequence": 1000,
    "timestamp": 1767225600,
    "policyEvent": {
        "resourceUrn": ANALYZER_URN,
        "message": "Lambda functions use the runtime the stack sets (python3.13).\n"
        "runtime is 'python3.12'; allowed: python3.13\n",
        "color": "never",
        "policyName": "aws-lambda-function-runtime",
        "policyPackName": "fraud-detection-guardrails",
        "policyPackVersion": "1.0.0",
        "policyPackVersionTag": "1.0.0",
        "enforcementLevel": "mandatory",
        "severity": "high",
    },
}


def review(events: Path = SAMPLE_EVENT_LOG, export: Path = SAMPLE_STACK_EXPORT, **options) -> ReviewModel:
    return review_from_files(REPO, events, export, PACK, generated_at="2026-01-01T00:00:00Z", **options)


def edited(tmp_path: Path, source: Path, change: Callable[[str], str]) -> Path:
    target = tmp_path / source.name
    target.write_text(change(source.read_text()))
    return target


def test_the_sample_files_give_the_same_verdict_as_the_offline_review() -> None:
    model = review()
    assert model.source.mode == "event log and stack export"
    assert model.summary.verdict == "PASS WITH ADVISORIES"
    assert {(f.policy, f.resource_name, f.level) for f in model.findings} == {
        (policy, resource, "advisory") for policy, resource in DEV_ADVISORIES
    }
    assert model.source.notes == ()
    policies = json.loads((PACK / "controls.json").read_text())["policies"]
    assert len(model.policies) == len(policies) and all(p.status in ("pass", "fail") for p in model.policies)


def test_both_sources_map_into_the_same_model(stack: ProgramRun, real_model: ReviewModel, tmp_path: Path) -> None:
    analysis = run_policy_packs(stack, [PACK])
    events = write_event_log(tmp_path / "events.jsonl", stack, analysis)
    export = write_stack_export(tmp_path / "export.json", stack)
    # The stack export becomes a no-op plan instead of a create plan: Checkov and the linter must agree all the same.
    from_files = to_data(review(events, export, independent=IndependentOptions()))
    offline = to_data(real_model)
    for data in (from_files, offline):
        del data["source"]
    assert from_files == offline


def test_a_mandatory_violation_in_the_event_log_fails_the_review(tmp_path: Path) -> None:
    events = edited(tmp_path, SAMPLE_EVENT_LOG, lambda text: text + json.dumps(RUNTIME_VIOLATION) + "\n")
    model = review(events)
    assert model.summary.verdict == "FAIL"
    finding = model.findings[0]  # blocking findings come first
    assert (finding.policy, finding.level, finding.severity) == ("aws-lambda-function-runtime", "mandatory", "high")
    assert finding.message == "runtime is 'python3.12'; allowed: python3.13"
    assert finding.location.path == "infra/fraud_stack/lambda_function.py"


def test_resources_only_in_the_preview_are_reported_as_new(tmp_path: Path) -> None:
    document = json.loads(SAMPLE_STACK_EXPORT.read_text())
    resources = document["deployment"]["resources"]
    document["deployment"]["resources"] = [r for r in resources if not r["urn"].endswith("::api-usage-plan-key")]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(document))
    model = review(export=export)
    assert any(
        note.startswith("1 resources the preview analyzed are not in the stack export") for note in model.source.notes
    )


def test_secrets_in_the_export_are_never_read(tmp_path: Path) -> None:
    model = review()
    text = json.dumps(to_data(model))
    assert "ciphertext" not in text and "v1:" not in text


def _json_edit(change: Callable[[dict], None]) -> Callable[[str], str]:
    def apply(text: str) -> str:
        document = json.loads(text)
        change(document)
        return json.dumps(document)

    return apply


APPENDED_LINE = len(SAMPLE_EVENT_LOG.read_text().splitlines()) + 1  # a line appended to the sample


def _appended(**changes: str) -> Callable[[str], str]:
    event = {**RUNTIME_VIOLATION, "policyEvent": {**RUNTIME_VIOLATION["policyEvent"], **changes}}
    return lambda text: text + json.dumps(event) + "\n"


MALFORMED_EVENT_LOGS = [
    ("bad-json", lambda t: t.replace("\n", "\n{not json\n", 1), r":2: not valid JSON"),
    ("no-sequence", lambda t: '{"policyLoadEvent": {}}\n' + t, r":1: not an engine event \(no integer 'sequence'\)"),
    ("two-events", lambda t: '{"sequence": 0, "aEvent": {}, "bEvent": {}}\n' + t, r":1: an engine event has exactly"),
    ("missing-policy-name", _appended(policyName=""), rf":{APPENDED_LINE}: policyEvent is missing 'policyName'"),
    (
        "bad-level",
        _appended(enforcementLevel="blocking"),
        rf":{APPENDED_LINE}: policyEvent: unknown enforcementLevel 'blocking'",
    ),
    (
        "missing-urn",
        lambda t: t.replace('"policyAnalyzeSummaryEvent":{"resourceUrn":', '"policyAnalyzeSummaryEvent":{"urn":', 1),
        r": policyAnalyzeSummaryEvent is missing 'resourceUrn'",
    ),
    ("no-policy-events", lambda t: t.splitlines()[0] + "\n", r"no policy results in the event log"),
    ("empty", lambda t: "", r"no policy results in the event log"),
    (
        "two-stacks",
        _appended(resourceUrn=ANALYZER_URN.replace(":dev::", ":prod::")),
        r"policy results of several stacks in one event log",
    ),
]


@pytest.mark.parametrize(("case", "change", "message"), MALFORMED_EVENT_LOGS, ids=[c[0] for c in MALFORMED_EVENT_LOGS])
def test_a_malformed_event_log_is_named_with_its_problem(tmp_path: Path, case: str, change, message: str) -> None:
    events = edited(tmp_path, SAMPLE_EVENT_LOG, change)
    with pytest.raises(ReviewInputError, match=message) as caught:
        review(events)
    assert str(caught.value).startswith(str(events))
    assert "\n" not in str(caught.value)


def _drop_urn(document: dict) -> None:
    del document["deployment"]["resources"][3]["urn"]


def _rename(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new)


MALFORMED_EXPORTS = [
    ("not-json", lambda t: t[:-20], r": not valid JSON \(line \d+, column \d+"),
    (
        "no-deployment",
        _json_edit(lambda d: d.pop("deployment")),
        r"not a `pulumi stack export` file",
    ),
    (
        "bad-version",
        _json_edit(lambda d: d.update(version=9)),
        r"unsupported deployment version 9",
    ),
    (
        "no-resources",
        _json_edit(lambda d: d["deployment"].update(resources=[])),
        r"has no resources",
    ),
    ("missing-urn", _json_edit(_drop_urn), r"deployment\.resources\[3\] is missing 'urn'"),
    (
        "type-mismatch",
        _json_edit(lambda d: d["deployment"]["resources"][5].update(type="aws:s3/bucket:Bucket")),
        r"deployment\.resources\[5\]: type 'aws:s3/bucket:Bucket' does not match its urn",
    ),
    (
        "other-stack",
        _rename("urn:pulumi:dev::", "urn:pulumi:prod::"),
        r"a stack export of fraud-detection/prod, but .*dev\.events\.jsonl is a preview of fraud-detection/dev",
    ),
    (
        "other-project",
        _rename("::fraud-detection::", "::payments::"),
        r"a stack export of payments/dev, but .* is a preview of fraud-detection/dev",
    ),
]


@pytest.mark.parametrize(("case", "change", "message"), MALFORMED_EXPORTS, ids=[c[0] for c in MALFORMED_EXPORTS])
def test_a_malformed_or_mismatched_stack_export_is_named_with_its_problem(
    tmp_path: Path, case: str, change, message: str
) -> None:
    export = edited(tmp_path, SAMPLE_STACK_EXPORT, change)
    with pytest.raises(ReviewInputError, match=message) as caught:
        review(export=export)
    assert str(caught.value).startswith(str(export))


def test_a_missing_file_and_a_wrong_stack_name_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ReviewInputError, match=r"events\.jsonl: not found"):
        review(tmp_path / "events.jsonl")
    with pytest.raises(ReviewInputError, match=r"are of stack dev, not prod \(--stack\)"):
        review(stack="prod")


def test_without_a_catalogue_the_review_still_lists_every_policy_the_log_names(tmp_path: Path) -> None:
    model = review_from_files(REPO, SAMPLE_EVENT_LOG, SAMPLE_STACK_EXPORT, tmp_path)  # a pack dir without controls.json
    assert any("no controls.json" in note for note in model.source.notes)
    policies = json.loads((PACK / "controls.json").read_text())["policies"]
    assert len(model.policies) == len(policies) and model.coverage.fsbp == () and model.coverage.figures == ()
    failing = next(p for p in model.policies if p.name == "aws-dynamodb-table-deletion-protection")
    assert (failing.status, failing.level, failing.severity) == ("fail", "advisory", "medium")
