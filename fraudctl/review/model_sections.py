"""The data of the stack-describing sections: IAM, data protection, exposure, monitoring, inventory, acceptance."""

from __future__ import annotations

from dataclasses import dataclass

from .sources import SourceLocation


@dataclass(frozen=True)
class IamGrant:
    policy: str  # the inline policy's logical name, or the managed policy ARN
    sid: str
    effect: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    flags: tuple[str, ...]  # wildcards that widen access: what a reviewer must look at
    notes: tuple[str, ...]  # wildcards that are scoped or required by AWS, stated so the matrix hides nothing
    # From a local run's usage file (fraudctl local): the calls this statement allowed, and the actions never called.
    used: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()
    usage_known: bool = False


@dataclass(frozen=True)
class IamRole:
    name: str
    role_name: str
    trusted: tuple[str, ...]
    used_by: tuple[str, ...]
    grants: tuple[IamGrant, ...]
    location: SourceLocation


@dataclass(frozen=True)
class DataStore:
    kind: str
    name: str
    physical_name: str
    at_rest: str
    in_transit: str
    safeguards: tuple[str, ...]
    concerns: tuple[str, ...]


@dataclass(frozen=True)
class EntryPoint:
    kind: str
    name: str
    endpoint: str
    routes: tuple[str, ...]
    protections: tuple[str, ...]
    concerns: tuple[str, ...]


@dataclass(frozen=True)
class Exposure:
    internet: tuple[EntryPoint, ...]
    private_network: tuple[str, ...]
    invoke_grants: tuple[str, ...]
    not_public: tuple[str, ...]


@dataclass(frozen=True)
class LogGroupRow:
    name: str
    log_group: str
    retention_days: int | None
    written_by: str
    encryption: str


@dataclass(frozen=True)
class FunctionMonitoring:
    function: str
    log_group: str
    retention_days: int | None
    tracing: str
    alarms: tuple[str, ...]
    error_rate_alarm: bool


@dataclass(frozen=True)
class AlarmRow:
    name: str
    watches: str
    condition: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Monitoring:
    log_groups: tuple[LogGroupRow, ...]
    functions: tuple[FunctionMonitoring, ...]
    alarms: tuple[AlarmRow, ...]
    other: tuple[str, ...]


@dataclass(frozen=True)
class InventoryItem:
    component: str
    type: str
    name: str
    physical_id: str
    tags: tuple[tuple[str, str], ...]
    taggable: bool
    missing_tags: tuple[str, ...]
    location: SourceLocation


@dataclass(frozen=True)
class Scenario:
    feature: str
    name: str
    status: str  # "passed" | "failed" | "skipped"
    tags: tuple[str, ...]
    steps: int
    error: str


@dataclass(frozen=True)
class Acceptance:
    file: str
    sha256: str
    features: int
    passed: int
    failed: int
    skipped: int
    duration_s: float
    scenarios: tuple[Scenario, ...]
