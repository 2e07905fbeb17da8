"""Every policy with its outcome on this stack, the findings, and the summary verdict."""

from __future__ import annotations

import json
from collections import Counter

from .catalogue import Catalogue, CataloguedPolicy
from .model import LEVELS, SEVERITIES, Finding, PolicyReview, Summary
from .sources import SourceIndex
from .state import StackResource, StackState, urn_parts
from .verdicts import PackVerdicts, PolicyVerdicts

# Order of findings and policies in every report: what blocks a deployment first.
LEVEL_RANK = {"mandatory": 0, "advisory": 1}
SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def findings(verdicts: PolicyVerdicts, state: StackState, sources: SourceIndex) -> tuple[Finding, ...]:
    result = []
    for v in verdicts.violations:
        urn = v.urn or state.stack_urn  # the engine attributes stack-wide violations to the root stack
        _, _, qualified, name = urn_parts(urn)
        resource_type = qualified.rsplit("$", 1)[-1]
        result.append(
            Finding(
                policy=v.policy,
                pack=v.pack,
                level=v.level,
                severity=v.severity,
                description=v.description,
                message=v.message,
                resource_urn=urn,
                resource_type=resource_type,
                resource_name=name,
                location=sources.locate(resource_type, name),
            )
        )
    return tuple(sorted(result, key=finding_order))


def finding_order(f: Finding) -> tuple:
    return (LEVEL_RANK.get(f.level, 2), SEVERITY_RANK.get(f.severity, 9), f.policy, f.resource_name, f.resource_urn)


def policy_reviews(verdicts: PolicyVerdicts, state: StackState, catalogue: Catalogue) -> tuple[PolicyReview, ...]:
    reviews = []
    for pack in verdicts.packs:
        own = catalogue if catalogue.pack in ("", pack.name) else Catalogue()
        names = {p.name for p in pack.declared} or {*pack.evaluated, *(v.policy for v in pack.violations)}
        if not pack.declared and own.pack == pack.name:
            names |= set(own.policies)  # a policy the event log never names was disabled or is not in that pack
        reviews.extend(_review(pack, name, own.policy(name), state, own) for name in names)
    return tuple(sorted(reviews, key=lambda r: (r.pack, r.name)))


def _review(
    pack: PackVerdicts, name: str, cat: CataloguedPolicy, state: StackState, catalogue: Catalogue
) -> PolicyReview:
    declared = next((p for p in pack.declared if p.name == name), None)
    violations = [v for v in pack.violations if v.policy == name]
    first = violations[0] if violations else None
    level = (declared.level if declared else "") or (first.level if first else "") or cat.level or "unknown"
    if level == "disabled":
        status = "disabled"
    elif violations:
        status = "fail"
    elif name in pack.evaluated:
        status = "pass"
    else:
        status = "not evaluated"
    kind = declared.kind if declared and declared.kind != "unknown" else cat.kind
    return PolicyReview(
        name=name,
        pack=pack.name,
        description=(declared.description if declared else "")
        or cat.description
        or (first.description if first else ""),
        kind=kind or "unknown",
        level=level,
        severity=(declared.severity if declared else "") or (first.severity if first else "") or cat.severity,
        origin=cat.origin,
        service=cat.service or (name.split("-")[1] if name.count("-") >= 2 else ""),
        remediation=cat.remediation,
        fsbp=cat.fsbp,
        checkov=cat.checkov,
        config=tuple(sorted((k, json.dumps(v, sort_keys=True)) for k, v in cat.config.items())),
        status=status,
        covered=tuple(r.name for r in covered_resources(name, cat, state, catalogue)),
        findings=len(violations),
    )


def covered_resources(name: str, cat: CataloguedPolicy, state: StackState, catalogue: Catalogue) -> list[StackResource]:
    """The resources a policy looks at: its declared types, else what its name says (aws-<service>-<resource>-...)."""
    aws = [r for r in state if r.custom and r.is_aws]
    if cat.resource_types:
        return [r for r in aws if r.type in cat.resource_types]
    parts = name.split("-")
    service = cat.service or (parts[1] if len(parts) > 2 else "")
    if service == "provider":
        return [r for r in state if r.type == "pulumi:providers:aws"] + aws
    if service == "tagging":
        return [r for r in aws if r.type in catalogue.taggable_types]
    if len(parts) > 2:
        subject = parts[2]
        return [r for r in aws if _module(r.type) == parts[1] and r.type.rsplit(":", 1)[-1].lower() == subject]
    return []


def _module(type_token: str) -> str:
    middle = type_token.split(":")[1] if type_token.count(":") == 2 else ""
    return middle.split("/")[0]


def summarize(found: tuple[Finding, ...], policies: tuple[PolicyReview, ...], state: StackState) -> Summary:
    by_level = Counter(f.level for f in found)
    pairs = Counter((f.severity, f.level) for f in found)
    if by_level["mandatory"]:
        verdict = "FAIL"
    elif by_level["advisory"]:
        verdict = "PASS WITH ADVISORIES"
    else:
        verdict = "PASS"
    severities = tuple(
        (severity, pairs[(severity, "mandatory")], pairs[(severity, "advisory")])
        for severity in SEVERITIES
        if severity or pairs[(severity, "mandatory")] or pairs[(severity, "advisory")]
    )
    policy_levels = []
    for level in (*LEVELS, "disabled"):
        chosen = [p for p in policies if p.level == level]
        if chosen or level in LEVELS:
            passed = sum(p.status == "pass" for p in chosen)
            policy_levels.append((level, len(chosen), passed, sum(p.status == "fail" for p in chosen)))
    return Summary(
        verdict=verdict,
        findings_by_severity=severities,
        findings_by_level=tuple((level, by_level[level]) for level in LEVELS),
        policies_by_level=tuple(policy_levels),
        policies_total=len(policies),
        policies_failed=sum(p.status == "fail" for p in policies),
        resources=len(state.resources),
        aws_resources=sum(1 for r in state if r.custom and r.is_aws),
    )
