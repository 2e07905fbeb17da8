"""How every policy of the pack is declared: one Rule with its metadata, built into a pulumi_policy Policy.

A rule's check is a plain function. A resource check takes (args, config) and yields violation messages; a stack
check takes (args, config) and yields Violations (message and the URN they concern), and Undecided for what a value
unknown until the update keeps it from judging (the SDK's "can't run during preview" note, once the rest is judged).
The Rule adds what every policy needs and the SDK leaves to each author: the type filter, the config defaults merged
with what the engine sent, and the metadata (severity, remediation, FSBP and Checkov IDs) that the README,
controls.json and the security review read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyComplianceFramework,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.policy import _NotApplicableError
from pulumi_policy.proxy import UNKNOWN_OBJECT_VALUE, UnknownValueError

MANDATORY = EnforcementLevel.MANDATORY
ADVISORY = EnforcementLevel.ADVISORY
FSBP = PolicyComplianceFramework(
    name="AWS Foundational Security Best Practices",
    version="1.0.0",
    reference="https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html",
)


@dataclass(frozen=True)
class Violation:
    message: str
    urn: str | None = None  # None: the stack as a whole


@dataclass(frozen=True)
class Undecided:
    """Something a stack check cannot judge in a preview: a value it needs was set from another resource's output
    (`what` names it: "the policy of bucket fraud-reports-dev")."""

    what: str


class NotKnownInPreview(UnknownValueError):
    """Raised after a stack check has reported every violation it could decide: the SDK turns it into its advisory
    "can't run policy ... during preview" note, so what was left unjudged is said, not passed in silence. (Raising
    at the first unknown instead would leave the rest of the stack unchecked.)"""

    def __init__(self, undecided: list[str]) -> None:
        super().__init__(UNKNOWN_OBJECT_VALUE, [])
        self.message = f"not known until the update, so not judged (the rest was): {'; '.join(undecided)}"


ResourceCheck = Callable[[ResourceValidationArgs, Mapping[str, Any]], Iterable[str]]
StackCheck = Callable[[StackValidationArgs, Mapping[str, Any]], Iterable[Violation | Undecided]]


@dataclass(frozen=True)
class Rule:
    name: str  # aws-<service>-<resource>-<check>
    description: str
    severity: Severity
    enforcement: EnforcementLevel
    remediation: str
    check: ResourceCheck | StackCheck
    kind: str  # "resource" | "stack"
    resource_types: tuple[str, ...] | None = None  # resource rules; None: the check filters types itself
    fsbp: tuple[str, ...] = ()  # FSBP controls the policy checks exactly (catalogue.yaml says so, tests prove it)
    controls: tuple[str, ...] = ()  # Security Hub controls of other standards (CIS, NIST 800-53, PCI DSS)
    checkov: tuple[str, ...] = ()
    spec: bool = False  # required by the system's specification (as opposed to a best practice)
    config: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # JSON Schema per key, with "default"

    @property
    def service(self) -> str:
        return self.name.split("-")[1]

    def defaults(self) -> dict[str, Any]:
        return {key: schema["default"] for key, schema in self.config.items() if "default" in schema}

    def effective_config(self, supplied: Mapping[str, Any] | None) -> dict[str, Any]:
        """Schema defaults overlaid with what the engine sent (it already merges defaults; unit tests may not)."""
        given = {key: value for key, value in (supplied or {}).items() if key != "enforcementLevel"}
        return {**self.defaults(), **given}

    def applies_to(self, resource_type: str) -> bool:
        return self.resource_types is None or resource_type in self.resource_types

    def to_policy(self) -> Policy:
        options: dict[str, Any] = {
            "enforcement_level": self.enforcement,
            "config_schema": PolicyConfigSchema(properties={k: dict(v) for k, v in self.config.items()})
            if self.config
            else None,
            "severity": self.severity,
            "framework": FSBP if self.fsbp else None,
            "tags": self.tags(),
            "remediation_steps": self.remediation,
        }
        if self.kind == "resource":
            return ResourceValidationPolicy(self.name, self.description, validate=self._validate_resource, **options)
        return StackValidationPolicy(self.name, self.description, validate=self._validate_stack, **options)

    def tags(self) -> list[str]:
        return [
            f"service:{self.service}",
            "origin:spec" if self.spec else "origin:best-practice",
            *(f"fsbp:{control}" for control in self.fsbp),
            *(f"securityhub:{control}" for control in self.controls),
            *(f"checkov:{check}" for check in self.checkov),
        ]

    def _validate_resource(self, args: ResourceValidationArgs, report: ReportViolation) -> None:
        if not self.applies_to(args.resource_type):
            return
        check: ResourceCheck = self.check  # type: ignore[assignment]

        def violations() -> Iterable[tuple[str, str | None]]:
            for message in check(args, self.effective_config(args.get_config())):
                yield message, None

        self._report(violations, report)

    def _validate_stack(self, args: StackValidationArgs, report: ReportViolation) -> None:
        check: StackCheck = self.check  # type: ignore[assignment]

        def violations() -> Iterable[tuple[str, str | None]]:
            undecided: list[str] = []
            for item in check(args, self.effective_config(args.get_config())):
                if isinstance(item, Undecided):
                    undecided.append(item.what)
                else:
                    yield item.message, item.urn
            if undecided:
                raise NotKnownInPreview(sorted(set(undecided)))

        self._report(violations, report)

    def _report(self, violations: Callable[[], Iterable[tuple[str, str | None]]], report: ReportViolation) -> None:
        try:
            for message, urn in violations():
                report(message, urn)
        except (UnknownValueError, _NotApplicableError):
            raise  # the SDK reports these itself (advisory "can't run during preview", not applicable)
        except Exception as error:
            # Fail closed and visibly: at this policy's level, naming the error, instead of an engine crash.
            report(f"the policy could not evaluate this resource ({type(error).__name__}: {error})", None)


def resource_rule(
    *,
    name: str,
    description: str,
    severity: Severity,
    enforcement: EnforcementLevel,
    remediation: str,
    types: tuple[str, ...] | None,
    fsbp: tuple[str, ...] = (),
    controls: tuple[str, ...] = (),
    checkov: tuple[str, ...] = (),
    spec: bool = False,
    config: Mapping[str, Mapping[str, Any]] | None = None,
) -> Callable[[ResourceCheck], Rule]:
    def declare(check: ResourceCheck) -> Rule:
        return Rule(
            name=name,
            description=description,
            severity=severity,
            enforcement=enforcement,
            remediation=remediation,
            check=check,
            kind="resource",
            resource_types=types,
            fsbp=fsbp,
            controls=controls,
            checkov=checkov,
            spec=spec,
            config=config or {},
        )

    return declare


def stack_rule(
    *,
    name: str,
    description: str,
    severity: Severity,
    enforcement: EnforcementLevel,
    remediation: str,
    fsbp: tuple[str, ...] = (),
    controls: tuple[str, ...] = (),
    checkov: tuple[str, ...] = (),
    spec: bool = False,
    config: Mapping[str, Mapping[str, Any]] | None = None,
) -> Callable[[StackCheck], Rule]:
    def declare(check: StackCheck) -> Rule:
        return Rule(
            name=name,
            description=description,
            severity=severity,
            enforcement=enforcement,
            remediation=remediation,
            check=check,
            kind="stack",
            fsbp=fsbp,
            controls=controls,
            checkov=checkov,
            spec=spec,
            config=config or {},
        )

    return declare


def setting(schema_type: str, default: Any, description: str, **extra: Any) -> dict[str, Any]:
    """One config property's JSON Schema, with the default that makes it work unconfigured."""
    return {"type": schema_type, "default": default, "description": description, **extra}


def string_list(default: list[str], description: str) -> dict[str, Any]:
    return setting("array", default, description, items={"type": "string"})
