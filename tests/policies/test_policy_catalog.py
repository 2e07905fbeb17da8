"""The catalogue (catalogue.yaml) is well formed, agrees with the policies' tags, and every figure is computed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fraud_guardrails import catalog, controls
from fraud_guardrails.controls import CatalogueError
from fraud_guardrails.pack import rules
from pack_harness import PACK_DIR

CATALOGUE = controls.load()


def test_generated_files_are_up_to_date() -> None:
    controls_json, readme = catalog.rendered()
    assert (PACK_DIR / "controls.json").read_text() == controls_json, "run python -m fraud_guardrails.catalog --write"
    assert (PACK_DIR / "README.md").read_text() == readme, "run python -m fraud_guardrails.catalog --write"


def test_fsbp_coverage_meets_the_target_and_is_counted_from_the_statuses() -> None:
    document = json.loads((PACK_DIR / "controls.json").read_text())
    fsbp = document["coverage"]["FSBP"]
    statuses = [c["status"] for c in document["controls"].values() if "FSBP" in c["standards"]]
    applicable = [s for s in statuses if s in controls.APPLICABLE]
    assert fsbp["pack"]["applicable"] == len(applicable)
    assert fsbp["pack"]["exact"] == applicable.count("exact")
    assert fsbp["pack"]["percentExact"] == round(100 * applicable.count("exact") / len(applicable), 1)
    assert fsbp["pack"]["percentExact"] >= 90  # issue 14's target
    assert fsbp["pack"]["partial"] == 0
    dev = fsbp["stacks"]["dev"]
    assert dev["exact"] + dev["partial"] + dev["excepted"] + dev["open"] + dev["notCheckableBeforeDeploy"] == len(
        applicable
    )
    for other in ("CIS", "NIST-800-53", "PCI-DSS"):  # listed, not enumerated: no share is claimed
        assert document["coverage"][other]["pack"]["percentExact"] is None


def test_controls_of_other_standards_are_not_counted_as_fsbp() -> None:
    for control_id in ("EC2.13", "EC2.14", "KMS.4", "S3.17", "WAF.11"):
        assert "FSBP" not in CATALOGUE.control(control_id).standards
    fsbp_tags = {c for rule in rules() for c in rule.fsbp}
    assert not fsbp_tags & {"EC2.13", "EC2.14", "KMS.4", "S3.17", "WAF.11"}


def test_the_wrong_and_misleading_mappings_are_gone() -> None:
    by_name = {rule.name: rule for rule in rules()}
    assert "IAM.1" not in by_name["aws-iam-role-no-admin-policy"].fsbp  # IAM.1 excludes AWS managed policies
    assert "CKV2_AWS_77" not in by_name["aws-apigateway-stage-waf"].checkov  # it reads the ACL's rules
    assert "CKV_AWS_72" not in by_name["aws-sqs-queuepolicy-no-public-access"].checkov  # wildcard actions
    assert not by_name["aws-iam-policy-no-privilege-escalation"].checkov
    assert "Lambda.2" not in by_name["aws-lambda-function-runtime"].fsbp  # a pin, not a support check


def test_every_deviation_relaxes_its_policies_in_that_stack() -> None:
    """An accepted exception or open finding in a stack is advisory there (reported, not blocking); a scoped one
    is exempted by the policy's own config instead."""
    named = catalog.policies_of(rules())
    levels = {rule.name: rule.enforcement.value for rule in rules()}
    for stack in CATALOGUE.stacks:
        config = json.loads((PACK_DIR / "config" / f"{stack}.json").read_text())
        for control in CATALOGUE.controls:
            deviation = control.deviation(stack)
            for policy in named.get(control.id, []):
                level = (config.get(policy) or {}).get("enforcementLevel", levels[policy])
                if deviation is not None and not deviation.scope:
                    assert level == "advisory", f"{control.id} deviates in {stack}, but {policy} is {level}"
                if deviation is not None and not deviation.scope and "*" in deviation.stacks:
                    assert levels[policy] == "advisory", f"{control.id} deviates everywhere: {policy} is mandatory"


def test_every_catalogued_control_names_its_definition() -> None:
    for control in CATALOGUE.controls:
        assert control.source.startswith("https://docs.aws.amazon.com/securityhub/"), control.id
        assert control.resource_types and control.title and control.standards, control.id
    assert CATALOGUE.control("KMS.3").status == "not-checkable-before-deploy"
    assert CATALOGUE.control("S3.1").status == "account-level"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["controls"][0].update(status="covered"), "status 'covered' is not one of"),
        (lambda d: d["controls"][0].update(standards=["SOC2"]), "must be non-empty and among"),
        (lambda d: d["controls"].append(dict(d["controls"][0])), "controls listed twice"),
        (lambda d: d["controls"][0].update(status="exception"), "needs a reason"),
        (lambda d: d["controls"][0].update(status="partial"), "needs a gap"),
        (
            lambda d: d["controls"][0].update(deviations=[{"stacks": ["prod"], "kind": "accepted", "reason": "r"}]),
            "must be '\\*' or among",
        ),
        (
            lambda d: d["controls"][0].update(deviations=[{"stacks": ["dev"], "kind": "maybe", "reason": "r"}]),
            "kind 'maybe'",
        ),
        (lambda d: d["controls"][0].update(checkov=["CKV_AZURE_1"]), "are not Checkov AWS check IDs"),
        (
            lambda d: d["controls"][0].update(relatedRequirements={"PCI DSS v3.2.1": ["1.2.1"]}),
            "a framework `frameworks` does not declare",
        ),
        (
            lambda d: d["controls"][0].update(relatedRequirements={"PCI DSS v4.0.1": ["8.4.2"]}),
            r"requirements \['8.4.2'\] have no title",
        ),
        (
            lambda d: d["controls"][0].update(relatedRequirements={"PCI DSS v4.0.1": {"requirements": []}}),
            "a list of requirements, or",
        ),
        (lambda d: d["retired"].append({**d["retired"][0], "id": "Lambda.1"}), "retired controls still listed"),
    ],
)
def test_a_malformed_catalogue_is_refused_naming_the_control(edit, message: str, tmp_path: Path) -> None:
    import yaml

    document = yaml.safe_load(controls.CATALOGUE_FILE.read_text())
    edit(document)
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(CatalogueError, match=message) as caught:
        controls.load(path)
    assert str(caught.value).startswith(str(path))


def test_policies_and_catalogue_must_agree() -> None:
    catalogue = controls.load()
    untagged = [c for c in catalogue.controls if c.id != "WAF.10"]
    with pytest.raises(CatalogueError, match=r"names WAF\.10, which catalogue\.yaml does not list"):
        catalog.check_agreement(controls.Catalogue(**{**catalogue.__dict__, "controls": tuple(untagged)}), rules())
    demoted = [
        controls.Control(**{**c.__dict__, "status": "exception", "reason": "r"}) if c.id == "SNS.1" else c
        for c in catalogue.controls
    ]
    with pytest.raises(CatalogueError, match=r"names SNS\.1, whose status is exception"):
        catalog.check_agreement(controls.Catalogue(**{**catalogue.__dict__, "controls": tuple(demoted)}), rules())


def test_generator_exits_2_with_the_reason_when_the_catalogue_disagrees(monkeypatch, capsys) -> None:
    def broken() -> controls.Catalogue:
        raise CatalogueError("catalogue.yaml: control X.1: a exception control needs a reason")

    monkeypatch.setattr(controls, "load", broken)
    assert catalog.main(["--check"]) == 2
    assert "control X.1" in capsys.readouterr().err


def test_the_project_readme_quotes_the_computed_figures() -> None:
    document = json.loads((PACK_DIR / "controls.json").read_text())
    pack, dev = document["coverage"]["FSBP"]["pack"], document["coverage"]["FSBP"]["stacks"]["dev"]
    text = " ".join((PACK_DIR.parent / "README.md").read_text().split())
    quoted = (
        f"has {len(document['policies'])} policies",
        f"checks {pack['exact']} of the {pack['applicable']} FSBP controls that apply to this stack exactly "
        f"({pack['percentExact']} %",
        f"in the dev stack {dev['exact']} are checked and met, {dev['excepted']} are accepted exceptions and "
        f"{dev['open']} {'is an open finding' if dev['open'] == 1 else 'are open findings'}",
    )
    for sentence in quoted:
        assert sentence in text, f"README.md must say: {sentence}"
