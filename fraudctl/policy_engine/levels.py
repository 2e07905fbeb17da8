"""Enforcement levels and severities: the strings the engine uses and their protobuf enum values.

The engine speaks strings (``apitype.EnforcementLevel``: "advisory", "mandatory", "remediate", "disabled") in config
files, events and the CLI output, and protobuf enums on the analyzer wire. Keeping both mappings here means every other
module compares plain strings.
"""

from __future__ import annotations

from enum import StrEnum

from pulumi.runtime.proto import analyzer_pb2


class EnforcementLevel(StrEnum):
    ADVISORY = "advisory"
    MANDATORY = "mandatory"
    REMEDIATE = "remediate"
    DISABLED = "disabled"


class Severity(StrEnum):
    """Policy severity; UNSPECIFIED is "" because the engine's event JSON omits an empty severity."""

    UNSPECIFIED = ""
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


_LEVEL_TO_PROTO: dict[EnforcementLevel, int] = {
    EnforcementLevel.ADVISORY: analyzer_pb2.ADVISORY,
    EnforcementLevel.MANDATORY: analyzer_pb2.MANDATORY,
    EnforcementLevel.REMEDIATE: analyzer_pb2.REMEDIATE,
    EnforcementLevel.DISABLED: analyzer_pb2.DISABLED,
}
_PROTO_TO_LEVEL = {v: k for k, v in _LEVEL_TO_PROTO.items()}

_PROTO_TO_SEVERITY: dict[int, Severity] = {
    analyzer_pb2.POLICY_SEVERITY_UNSPECIFIED: Severity.UNSPECIFIED,
    analyzer_pb2.POLICY_SEVERITY_LOW: Severity.LOW,
    analyzer_pb2.POLICY_SEVERITY_MEDIUM: Severity.MEDIUM,
    analyzer_pb2.POLICY_SEVERITY_HIGH: Severity.HIGH,
    analyzer_pb2.POLICY_SEVERITY_CRITICAL: Severity.CRITICAL,
}

_PROTO_TO_POLICY_TYPE: dict[int, str] = {
    analyzer_pb2.POLICY_TYPE_UNKNOWN: "unknown",
    analyzer_pb2.POLICY_TYPE_RESOURCE: "resource",
    analyzer_pb2.POLICY_TYPE_STACK: "stack",
}


def level_to_proto(level: EnforcementLevel | str) -> int:
    return _LEVEL_TO_PROTO[EnforcementLevel(level)]


def level_from_proto(value: int) -> EnforcementLevel:
    # The engine rejects unknown enum values ("invalid enforcement level %d"); so do we, loudly.
    try:
        return _PROTO_TO_LEVEL[value]
    except KeyError:
        raise ValueError(f"invalid enforcement level {value}") from None


def severity_from_proto(value: int) -> Severity:
    # Like the engine's convertSeverity: anything unrecognised is "unspecified".
    return _PROTO_TO_SEVERITY.get(value, Severity.UNSPECIFIED)


def policy_type_from_proto(value: int) -> str:
    return _PROTO_TO_POLICY_TYPE.get(value, "unknown")


def is_valid_level(value: object) -> bool:
    return isinstance(value, str) and value in EnforcementLevel._value2member_map_


def counts_as_mandatory(level: str) -> bool:
    """Remediate counts as mandatory: a remediation that still reports a violation blocks the run (engine rule)."""
    return level in (EnforcementLevel.MANDATORY, EnforcementLevel.REMEDIATE)
