"""Which controls the pack covers: the FSBP catalogue, accepted exceptions, and the generated README and controls.json.

The pack never imports this module. Regenerate after changing a policy:
    cd policies && python -m fraud_guardrails.catalog --write      (--check exits 1 when the files are stale)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from fraud_guardrails.metadata import Rule
from fraud_guardrails.pack import DESCRIPTION, PACK_NAME, rules

PACK_DIR = Path(__file__).resolve().parent.parent
CONTROLS_FILE = PACK_DIR / "controls.json"
README_FILE = PACK_DIR / "README.md"
BEGIN, END = "<!-- BEGIN GENERATED: python -m fraud_guardrails.catalog --write -->", "<!-- END GENERATED -->"

# The FSBP controls that concern this stack's resource types (see shared/reference/security-controls.md).
FSBP_CONTROLS = {
    "Lambda.1": "Lambda function policies should prohibit public access",
    "Lambda.2": "Lambda functions should use supported runtimes",
    "Lambda.5": "VPC Lambda functions should operate in multiple Availability Zones",
    "DynamoDB.1": "DynamoDB tables should automatically scale capacity with demand",
    "DynamoDB.2": "DynamoDB tables should have point-in-time recovery enabled",
    "DynamoDB.6": "DynamoDB tables should have deletion protection enabled",
    "S3.1": "S3 general purpose buckets should have block public access settings enabled (account level)",
    "S3.2": "S3 general purpose buckets should block public read access",
    "S3.3": "S3 general purpose buckets should block public write access",
    "S3.5": "S3 general purpose buckets should require requests to use SSL",
    "S3.6": "S3 general purpose bucket policies should restrict access to other AWS accounts",
    "S3.8": "S3 general purpose buckets should block public access",
    "S3.9": "S3 general purpose buckets should have server access logging enabled",
    "S3.10": "S3 general purpose buckets with versioning enabled should have Lifecycle configurations",
    "S3.12": "ACLs should not be used to manage user access to S3 general purpose buckets",
    "S3.13": "S3 general purpose buckets should have Lifecycle configurations",
    "S3.17": "S3 general purpose buckets should be encrypted at rest with AWS KMS keys",
    "APIGateway.1": "API Gateway REST and WebSocket API execution logging should be enabled",
    "APIGateway.2": "API Gateway REST API stages should use SSL certificates for backend authentication",
    "APIGateway.3": "API Gateway REST API stages should have AWS X-Ray tracing enabled",
    "APIGateway.4": "API Gateway should be associated with a WAF Web ACL",
    "APIGateway.5": "API Gateway REST API cache data should be encrypted at rest",
    "APIGateway.8": "API Gateway routes should specify an authorization type (HTTP and WebSocket APIs)",
    "APIGateway.9": "Access logging should be configured for API Gateway V2 stages",
    "SQS.1": "Amazon SQS queues should be encrypted at rest",
    "SQS.3": "SQS queue access policies should not allow public access",
    "SNS.1": "SNS topics should be encrypted at rest using AWS KMS",
    "SNS.4": "SNS topic access policies should not allow public access",
    "EC2.2": "VPC default security groups should not allow inbound or outbound traffic",
    "EC2.6": "VPC flow logging should be enabled in all VPCs",
    "EC2.13": "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22",
    "EC2.14": "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 3389",
    "EC2.15": "EC2 subnets should not automatically assign public IP addresses",
    "EC2.18": "Security groups should only allow unrestricted incoming traffic for authorized ports",
    "EC2.19": "Security groups should not allow unrestricted access to ports with high risk",
    "IAM.1": 'IAM policies should not allow full "*" administrative privileges',
    "IAM.21": "IAM customer managed policies should not allow wildcard actions for services",
    "KMS.1": "IAM customer managed policies should not allow decryption actions on all KMS keys",
    "KMS.2": "IAM principals should not have inline policies that allow decryption actions on all KMS keys",
    "KMS.3": "AWS KMS keys should not be deleted unintentionally",
    "KMS.4": "AWS KMS key rotation should be enabled",
    "KMS.5": "KMS keys should not be publicly accessible",
}
NOT_APPLICABLE = {
    "S3.1": "An account-wide setting (one per account), owned by the account baseline, not by this stack.",
    "APIGateway.8": "Applies to HTTP and WebSocket APIs (API Gateway V2); this stack has a REST API.",
    "APIGateway.9": "Applies to API Gateway V2 stages; the REST stage's access logs are checked instead.",
    "KMS.3": "Checks keys already scheduled for deletion, a state of the account; nothing a preview can declare.",
}
ACCEPTED_EXCEPTIONS = {
    "S3.17": "The spec requires SSE-S3 (AES256) on the reports bucket; KMS encryption would contradict it "
    "(also Checkov CKV_AWS_145).",
    "APIGateway.2": "The backend is a Lambda proxy integration; backend client certificates authenticate HTTP "
    "backends and do not apply (also Checkov CKV2_AWS_51).",
}
# Accepted deviations from checks outside FSBP, which the security review must state with their reason.
OTHER_EXCEPTIONS = [
    {
        "control": "CKV_AWS_338 / AWS Config cw-loggroup-retention-period-check (365 days)",
        "reason": "The spec keeps logs 7 days: a cost and data-minimisation decision.",
    },
    {
        "control": "CKV_AWS_145",
        "reason": "SSE-S3 (AES256) instead of KMS for S3 default encryption, as the spec requires.",
    },
    {
        "control": "CKV_AWS_120 (API Gateway caching)",
        "reason": "Caching stays off: responses carry per-transaction data.",
    },
    {
        "control": "Lambda timeout 300 s behind API Gateway's 29 s integration timeout",
        "reason": "The spec's uniform timeout; API clients see 504 after 29 s while the function may run on.",
    },
]
# Checkov checks for this stack's resources that the pack does not implement, and why.
CHECKOV_NOT_COVERED = {
    "CKV_AWS_116": "Dead-letter queues serve asynchronous invocations; these functions are invoked synchronously "
    "(API), by a stream mapping (with its own on-failure destination) and by EventBridge (with a retry policy).",
    "CKV_AWS_173": "Environment variables hold names, not secrets; Lambda encrypts them with an AWS-managed key.",
    "CKV_AWS_272": "Code signing needs a signing profile and pipeline the project does not have.",
    "CKV_AWS_119": "DynamoDB encrypts at rest with an AWS-owned key; a customer key is not required by the spec.",
    "CKV_AWS_158": "Log groups use CloudWatch's default encryption; a customer key is not required by the spec.",
}


def fsbp_status(declared: list[Rule]) -> dict[str, dict[str, Any]]:
    """Each FSBP control with its status: covered (and by which policies), exception, not applicable, not covered."""
    status = {}
    for control, title in FSBP_CONTROLS.items():
        covering = [rule.name for rule in declared if control in rule.fsbp]
        if control in NOT_APPLICABLE:
            entry = {"status": "not applicable", "reason": NOT_APPLICABLE[control]}
        elif control in ACCEPTED_EXCEPTIONS:
            entry = {"status": "accepted exception", "reason": ACCEPTED_EXCEPTIONS[control]}
        elif covering:
            entry = {"status": "covered"}
        else:
            entry = {"status": "not covered"}
        status[control] = {"title": title, **entry, "policies": covering}
    return status


def coverage(status: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Covered controls over applicable ones (accepted exceptions count as applicable and not covered)."""
    applicable = [c for c, entry in status.items() if entry["status"] != "not applicable"]
    covered = [c for c in applicable if status[c]["status"] == "covered"]
    return {
        "covered": len(covered),
        "applicable": len(applicable),
        "percent": round(100 * len(covered) / len(applicable), 1),
        "notCovered": [c for c in applicable if status[c]["status"] == "not covered"],
    }


def controls_document(version: str) -> dict[str, Any]:
    declared = rules()
    status = fsbp_status(declared)
    return {
        "pack": PACK_NAME,
        "version": version,
        "description": DESCRIPTION,
        "policies": [
            {
                "name": rule.name,
                "service": rule.service,
                "kind": rule.kind,
                "enforcementLevel": rule.enforcement.value,
                "severity": rule.severity.value,
                "origin": "spec" if rule.spec else "best-practice",
                "description": rule.description,
                "remediation": rule.remediation,
                "fsbp": list(rule.fsbp),
                "checkov": list(rule.checkov),
                "resourceTypes": list(rule.resource_types) if rule.resource_types else None,
                "config": rule.defaults(),
            }
            for rule in declared
        ],
        "fsbp": status,
        "fsbpCoverage": coverage(status),
        "acceptedExceptions": [
            *({"control": f"FSBP {c}", "reason": r} for c, r in ACCEPTED_EXCEPTIONS.items()),
            *OTHER_EXCEPTIONS,
        ],
        "checkovNotCovered": CHECKOV_NOT_COVERED,
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*")


def readme_block(document: dict[str, Any]) -> str:
    lines = [BEGIN, "", f"### Policies ({len(document['policies'])})", ""]
    lines += [
        "| policy | level | severity | origin | checks | FSBP | Checkov |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for policy in document["policies"]:
        lines.append(
            f"| `{policy['name']}` | {policy['enforcementLevel']} | {policy['severity']} | {policy['origin']} | "
            f"{_cell(policy['description'])} | {', '.join(policy['fsbp'])} | {', '.join(policy['checkov'])} |"
        )
    cov = document["fsbpCoverage"]
    lines += [
        "",
        f"### FSBP coverage: {cov['covered']} of {cov['applicable']} applicable controls ({cov['percent']} %)",
        "",
        "Accepted exceptions count as applicable and not covered; not-applicable controls are left out.",
        "",
        "| control | title | status | by / reason |",
        "| --- | --- | --- | --- |",
    ]
    for control, entry in document["fsbp"].items():
        detail = (
            ", ".join(f"`{p}`" for p in entry["policies"]) if entry["status"] == "covered" else entry.get("reason", "")
        )
        lines.append(f"| {control} | {_cell(entry['title'])} | {entry['status']} | {_cell(detail)} |")
    lines += ["", "### Accepted exceptions", ""]
    lines += [f"- **{e['control']}**: {e['reason']}" for e in document["acceptedExceptions"]]
    lines += ["", "### Checkov checks not implemented", ""]
    lines += [f"- **{check}**: {reason}" for check, reason in document["checkovNotCovered"].items()]
    return "\n".join([*lines, "", END])


def pack_version() -> str:
    import yaml  # only the generator needs it (pulumi depends on PyYAML)

    return str(yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text(encoding="utf-8"))["version"])


def rendered() -> tuple[str, str]:
    """(controls.json text, README text) as they should be committed."""
    document = controls_document(pack_version())
    readme = README_FILE.read_text(encoding="utf-8")
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return json.dumps(document, indent=1) + "\n", readme[:start] + readme_block(document) + readme[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate controls.json and the README's generated block.")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true")
    group.add_argument("--check", action="store_true")
    options = parser.parse_args(argv)
    controls, readme = rendered()
    stale = [
        path
        for path, text in ((CONTROLS_FILE, controls), (README_FILE, readme))
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if options.check:
        for path in stale:
            print(f"{path} is stale: run python -m fraud_guardrails.catalog --write in policies/", file=sys.stderr)
        return 1 if stale else 0
    CONTROLS_FILE.write_text(controls, encoding="utf-8")
    README_FILE.write_text(readme, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
