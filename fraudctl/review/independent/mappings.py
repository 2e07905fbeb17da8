"""Where the review reads which of our policies answers an outside check, and which failures are accepted exceptions.

The one place that knows where these live: the pack's catalogue (`controls.json`): each policy's `checkov` IDs; each
control's Checkov equivalents with its status and per-stack deviations; `otherExceptions` with the outside tools'
check IDs they cover; `checkovNotImplemented`. So the exceptions are the same list the coverage table shows, and a
check is an exception only through an ID the catalogue names, never by a word in a reason. When the catalogue's
layout changes, only this module follows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fraudctl.review.catalogue import Catalogue, CataloguedControl

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
    control: str  # what is excepted: a control ("S3.11"), an other exception's label, "CKV_AWS_116 (not implemented)"
    reason: str
    # A deviation scoped to some resources holds only where the control's policies exempt the resource (they pass
    # there); where they fail, the failure is theirs to report.
    scoped: bool = False
    resource_types: tuple[str, ...] = ()  # only on these Pulumi types; (): on any resource


class Mappings:
    def __init__(self, catalogue: Catalogue, stack: str) -> None:
        self._policies: dict[str, list[str]] = {}
        for policy in catalogue.policies.values():
            for check in policy.checkov:
                self._policies.setdefault(check, []).append(policy.name)
        self._exceptions: dict[str, list[AcceptedReason]] = {}
        for control in catalogue.controls:
            accepted = _accepted(control, stack)
            for check in control.checkov if accepted else ():
                self._exceptions.setdefault(check, []).append(accepted)
        for other in catalogue.other_exceptions:
            for check in other.ids:
                reason = AcceptedReason(other.check, other.reason, resource_types=other.resource_types)
                self._exceptions.setdefault(check, []).append(reason)
        for check, reason in catalogue.checkov_not_implemented.items():
            self._exceptions.setdefault(check, []).append(AcceptedReason(f"{check} (not implemented)", reason))

    def policies_for_check(self, check_id: str) -> tuple[str, ...]:
        return tuple(sorted(self._policies.get(check_id, ())))

    def policies_for_linter(self, issue: str) -> tuple[str, ...]:
        return LINTER_POLICIES.get(issue, ())

    def exception_for(self, check_id: str, resource_type: str) -> AcceptedReason | None:
        """The accepted exception the catalogue records for this check on this type of resource, if any."""
        found = self._exceptions.get(check_id, ())
        return next((e for e in found if not e.resource_types or resource_type in e.resource_types), None)


def _accepted(control: CataloguedControl, stack: str) -> AcceptedReason | None:
    """The control's accepted exception in this stack: excepted in the pack, or an accepted deviation of the stack."""
    if control.status == "exception":
        return AcceptedReason(control.control, control.reason)
    deviation = next((d for d in control.deviations if d.applies_to(stack)), None)
    if deviation is None or deviation.kind != "accepted":
        return None  # an open finding is no exception: the policy's own failure reports it
    return AcceptedReason(control.control, deviation.reason, scoped=bool(deviation.scope))
