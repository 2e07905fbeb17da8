"""PCI DSS v4.0.1 in the catalogue: Security Hub's related requirements per control, read from each control's page;
the controls Security Hub retired; the Checkov checks equivalent to each control.

The expected values below were read from the Security Hub control pages ("Related requirements" lines), independently
of catalogue.yaml, so a slip in the catalogue fails here.
"""

from __future__ import annotations

import pytest
from fraud_guardrails import catalog, controls
from fraud_guardrails.controls import CatalogueError
from fraud_guardrails.pack import rules

CATALOGUE = controls.load()
PCI = "PCI DSS v4.0.1"
# From the control pages: the PCI DSS v4.0.1 entries of their "Related requirements" lines.
SECURITY_HUB_PCI_V4 = {
    "Lambda.1": ("7.2.1",),
    "Lambda.2": ("12.3.4",),
    "S3.1": ("1.4.4",),
    "S3.5": ("4.2.1",),
    "S3.8": ("1.4.4",),
    "S3.9": ("10.2.1",),
    "S3.17": ("3.5.1",),
    "EC2.13": ("1.3.1",),
    "EC2.14": ("1.3.1",),
    "EC2.15": ("1.4.4",),
    "EC2.16": ("1.2.7",),
    "EC2.21": ("1.3.1",),
    "KMS.4": ("3.7.4",),
    "WAF.11": ("10.4.2",),
}
# Pages that list PCI DSS v3.2.1 requirements only (or none): no v4.0.1 requirement.
NO_PCI_V4 = ("S3.2", "S3.3", "S3.7", "EC2.2", "EC2.6", "IAM.1", "Lambda.5", "DynamoDB.2", "SNS.1", "KMS.5", "WAF.10")


def test_the_pci_requirements_are_the_ones_security_hub_lists_for_each_control() -> None:
    mapped = {
        c.id: c.related_requirements[PCI].requirements for c in CATALOGUE.controls if PCI in c.related_requirements
    }
    assert {cid: reqs for cid, reqs in mapped.items() if reqs} == SECURITY_HUB_PCI_V4
    for control_id in NO_PCI_V4:
        assert mapped[control_id] == (), control_id


def test_each_list_names_the_page_it_was_read_on() -> None:
    s38 = CATALOGUE.control("S3.8").related_requirements[PCI]
    assert s38.source == "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8"
    for control_id in ("SQS.1", "SQS.3"):  # their page could not be read: the standard's own control list was
        related = CATALOGUE.control(control_id).related_requirements[PCI]
        assert related.source.endswith("/securityhub/latest/userguide/pci-standard.html")
        assert related.requirements == () and "could not be read" in related.note


def test_every_control_a_policy_names_has_its_pci_list_recorded() -> None:
    named = catalog.policies_of(rules())
    unrecorded = sorted(cid for cid in named if PCI not in CATALOGUE.control(cid).related_requirements)
    assert unrecorded == []


def test_the_framework_titles_every_requirement_and_all_twelve_principal_requirements() -> None:
    framework = CATALOGUE.frameworks[PCI]
    assert [p.number for p in framework.principal] == [str(n) for n in range(1, 13)]
    assert framework.principal[9].title == "Log and Monitor All Access to System Components and Cardholder Data"
    assert all(p.can_show and p.cannot_show for p in framework.principal)
    named = {r for c in CATALOGUE.controls for rel in c.related_requirements.values() for r in rel.requirements}
    assert named == set(framework.requirements)
    assert "not an assessment" in framework.caveat


def test_sns2_is_retired_and_no_longer_counted_as_fsbp() -> None:
    assert "SNS.2" not in {c.id for c in CATALOGUE.controls}
    (retired,) = [r for r in CATALOGUE.retired if r["id"] == "SNS.2"]
    assert retired["retired"] == "April 2024" and retired["source"].endswith("sns-controls.html#sns-2")
    assert not any("SNS.2" in (*rule.fsbp, *rule.controls) for rule in rules())
    assert "aws-sns-topic-delivery-status-logging" in {rule.name for rule in rules()}  # the check stays


def test_checkov_equivalents_name_the_control_a_check_belongs_to() -> None:
    assert CATALOGUE.control("S3.11").checkov == ("CKV2_AWS_62",)
    assert CATALOGUE.control("S3.7").checkov == ("CKV_AWS_144",)
    assert CATALOGUE.control("S3.7").status == "exception"
    assert CATALOGUE.control("CloudWatch.16").checkov == ("CKV_AWS_338",)


def test_a_checkov_equivalent_none_of_the_control_s_policies_names_is_refused() -> None:
    widened = tuple(
        controls.Control(**{**c.__dict__, "checkov": (*c.checkov, "CKV_AWS_21")}) if c.id == "S3.12" else c
        for c in CATALOGUE.controls
    )
    with pytest.raises(CatalogueError, match=r"S3\.12's Checkov equivalents \['CKV_AWS_21'\] are named by none"):
        catalog.check_agreement(controls.Catalogue(**{**CATALOGUE.__dict__, "controls": widened}), rules())
