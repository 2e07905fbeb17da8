"""PCI DSS v4.0.1 in the review: every policy through its controls to the requirements Security Hub lists, what this
stack evidences, what it does not, what lies beyond it; in Markdown, HTML, JSON and SARIF tags.

The expected requirements come from the Security Hub control pages (the research behind catalogue.yaml), typed here
independently of the catalogue.
"""

from __future__ import annotations

import dataclasses
import json

from fraudctl.review import ReviewFiles, ReviewModel, sarif_document
from fraudctl.review.catalogue import Catalogue, load_catalogue
from fraudctl.review.model_pci import BEYOND, EVIDENCED, NOT_EVIDENCED, PARTLY
from fraudctl.review.pci import pci_mapping
from fraudctl.review.sections_pci import pci_section
from tests.review.conftest import PACK


def _evidence(model: ReviewModel) -> dict[str, str]:
    assert model.pci is not None
    return {r.requirement: r.evidence for r in model.pci.requirements}


def test_what_the_dev_stack_evidences_does_not_and_cannot(real_model: ReviewModel) -> None:
    assert _evidence(real_model) == {
        "1.2.7": EVIDENCED,  # EC2.16
        "1.3.1": EVIDENCED,  # EC2.13, EC2.14, EC2.21
        "1.4.4": EVIDENCED,  # S3.8, EC2.15 (S3.1 is account-level)
        "3.5.1": NOT_EVIDENCED,  # S3.17: SSE-S3 instead of KMS, the spec's accepted exception
        "3.7.4": EVIDENCED,  # KMS.4
        "4.2.1": EVIDENCED,  # S3.5
        "7.2.1": EVIDENCED,  # Lambda.1
        "10.2.1": PARTLY,  # S3.9: every bucket but the access-log bucket writes access logs
        "10.4.2": EVIDENCED,  # WAF.11
        "12.3.4": EVIDENCED,  # Lambda.2: python3.13, supported until 2029-06-30
    }
    pci = real_model.pci
    s31 = next(c for r in pci.requirements for c in r.controls if c.control == "S3.1")
    assert (s31.evidence, s31.in_stack) == (BEYOND, "account-level")
    runtime = next(c for r in pci.requirements for c in r.controls if c.control == "Lambda.2")
    assert runtime.result == "pass" and runtime.in_stack == "exact"


def test_the_twelve_principal_requirements_say_what_a_stack_can_and_cannot_show(real_model: ReviewModel) -> None:
    principals = real_model.pci.principals
    assert [p.number for p in principals] == [str(n) for n in range(1, 13)]
    assert all(p.can_show and p.cannot_show for p in principals)
    assert [p.number for p in principals if not p.requirements] == ["2", "5", "6", "8", "9", "11"]
    assert dict(principals[9].requirements) == {"10.2.1": PARTLY, "10.4.2": EVIDENCED}
    assert "risk analyses" in principals[11].cannot_show and "training" in principals[11].cannot_show


def test_every_policy_is_mapped_through_its_controls(real_model: ReviewModel) -> None:
    by_policy = {p.policy: p for p in real_model.pci.policies}
    assert set(by_policy) == {p.name for p in real_model.policies}
    assert by_policy["aws-lambda-permission-source-arn"].requirements == ("7.2.1",)
    assert by_policy["aws-ec2-securitygroup-no-open-ingress"].requirements == ("1.3.1",)  # via EC2.13, EC2.14
    assert by_policy["aws-s3-bucket-public-access-block"].requirements == ("1.4.4",)  # via S3.8, not S3.2/S3.3
    assert by_policy["aws-dynamodb-table-pitr"].controls == ("DynamoDB.2",)
    assert by_policy["aws-dynamodb-table-pitr"].requirements == ()  # Security Hub lists none for DynamoDB.2
    assert by_policy["aws-lambda-function-timeout"].controls == ()  # a spec setting, no control


def test_a_failing_policy_turns_its_requirement_to_not_evidenced(real_model: ReviewModel) -> None:
    catalogue = load_catalogue(PACK)
    failing = {"aws-s3-bucket-tls-only", "aws-s3-bucket-public-access-block", "aws-ec2-subnet-no-public-ip"}
    policies = tuple(
        dataclasses.replace(p, status="fail", level="mandatory") if p.name in failing else p
        for p in real_model.policies
    )
    evidence = {r.requirement: r.evidence for r in pci_mapping(catalogue, policies, "dev").requirements}
    assert evidence["4.2.1"] == NOT_EVIDENCED
    assert evidence["1.4.4"] == NOT_EVIDENCED  # S3.1, account-level, cannot make up for S3.8 and EC2.15
    assert evidence["7.2.1"] == EVIDENCED


def test_a_requirement_only_account_level_controls_relate_to_is_beyond_the_stack(real_model: ReviewModel) -> None:
    catalogue = load_catalogue(PACK)
    only_s31 = tuple(
        dataclasses.replace(c, related={}) if c.control in ("S3.8", "EC2.15") else c for c in catalogue.controls
    )
    mapping = pci_mapping(dataclasses.replace(catalogue, controls=only_s31), real_model.policies, "dev")
    assert {r.requirement: r.evidence for r in mapping.requirements}["1.4.4"] == BEYOND


def test_a_catalogue_without_the_framework_says_so(real_model: ReviewModel) -> None:
    assert pci_mapping(Catalogue(), real_model.policies, "dev") is None
    section = pci_section(dataclasses.replace(real_model, pci=None))
    assert "maps no control to PCI DSS v4.0.1" in section.blocks[0].text


def test_markdown_html_and_json_carry_it(real_files: ReviewFiles) -> None:
    markdown = real_files.markdown.read_text()
    assert "## PCI DSS v4.0.1" in markdown
    assert "**Security Hub's mapping is partial evidence, not an assessment." in markdown
    assert (
        "| 3.5.1 | PAN is rendered unreadable" in markdown
        and "| ❌ not evidenced | S3.17 (accepted exception)" in markdown
    )
    assert "| 12 | Support Information Security with Organizational Policies and Programs |" in markdown
    html = real_files.html.read_text()
    assert 'id="pci-dss"' in html and '<td class="warn">partly evidenced</td>' in html
    data = json.loads(real_files.json.read_text())["pci"]
    assert data["framework"] == "PCI DSS v4.0.1"
    assert {r["requirement"]: r["evidence"] for r in data["requirements"]}["10.2.1"] == PARTLY
    assert len(data["principals"]) == 12


def test_sarif_rules_are_tagged_with_their_requirements(real_model: ReviewModel) -> None:
    rules = {r["id"]: r for r in sarif_document(real_model)["runs"][0]["tool"]["driver"]["rules"]}

    def pci_tags(policy: str) -> list[str]:
        return [t for t in rules[policy]["properties"]["tags"] if t.startswith("pci-dss-v4.0.1:")]

    assert pci_tags("aws-lambda-permission-source-arn") == ["pci-dss-v4.0.1:7.2.1"]
    assert pci_tags("aws-lambda-function-supported-runtime") == ["pci-dss-v4.0.1:12.3.4"]
    assert pci_tags("aws-dynamodb-table-pitr") == [] and pci_tags("aws-lambda-function-timeout") == []
