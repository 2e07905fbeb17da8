"""Where the review reads which of our policies answers an outside check, and which failures are accepted exceptions.

The one place that knows where these live: the pack's catalogue (`controls.json`: each policy's `checkov` IDs, the
controls' statuses and per-stack deviations, `otherExceptions`, `checkovNotImplemented`), so the exceptions are the
same list the coverage table shows. When the
catalogue's layout changes, only this module follows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fraudctl.review.catalogue import Catalogue

# parliament's finding codes (parliament/config.yaml) and the pack policies that check the same thing. parliament
# names no Checkov or FSBP ID, so this small table is ours.
LINTER_POLICIES: dict[str, tuple[str, ...]] = {
    "RESOURCE_STAR": ("aws-iam-policy-no-wildcard-resources",),
    "RESOURCE_EFFECTIVELY_STAR": ("aws-iam-policy-no-wildcard-resources",),
    "PRIVILEGE_ESCALATION": ("aws-iam-policy-no-privilege-escalation",),
    "CREDENTIALS_EXPOSURE": ("aws-iam-policy-no-privilege-escalation",),
    "PERMISSIONS_MANAGEMENT_ACTIONS": ("aws-iam-policy-no-privilege-escalation",),
}


@dataclass(frozen=True)
class AcceptedReason:
    control: str
    reason: str


class Mappings:
    def __init__(self, catalogue: Catalogue) -> None:
        self._policies: dict[str, list[str]] = {}
        for policy in catalogue.policies.values():
            for check in policy.checkov:
                self._policies.setdefault(check, []).append(policy.name)
        # The catalogue's accepted exceptions: checks outside the control standards (Checkov IDs), controls excepted
        # in the pack, and controls a stack deviates from on purpose. The same lists the coverage section shows.
        self._exceptions = [AcceptedReason(e.check, e.reason) for e in catalogue.other_exceptions]
        for control in catalogue.controls:
            if control.status == "exception":
                self._exceptions.append(AcceptedReason(control.control, control.reason))
            self._exceptions += [
                AcceptedReason(control.control, d.reason) for d in control.deviations if d.kind == "accepted"
            ]
        self._not_implemented = dict(catalogue.checkov_not_implemented)

    def policies_for_check(self, check_id: str) -> tuple[str, ...]:
        return tuple(sorted(self._policies.get(check_id, ())))

    def policies_for_linter(self, issue: str) -> tuple[str, ...]:
        return LINTER_POLICIES.get(issue, ())

    def exception_for(self, check_id: str) -> AcceptedReason | None:
        """The accepted exception naming this check ID, or the stated reason it is not implemented."""
        named = re.compile(rf"(?<![A-Z0-9_]){re.escape(check_id)}(?![0-9])")
        for exception in self._exceptions:
            if named.search(exception.control) or named.search(exception.reason):
                return exception
        if check_id in self._not_implemented:
            return AcceptedReason(f"{check_id} (not implemented)", self._not_implemented[check_id])
        return None
