"""Every failure an outside tool reports, classified: covered by one of our policies, an accepted exception, or a gap.

- covered: a policy mapped to the check also fails on that resource (or on one it is wired to: a bucket and its
  separate configuration resources), so the pack already reports it, at its own level;
- accepted exception: the catalogue names the check (a control's Checkov equivalent, an other exception's ID, a
  not-implemented check) as an accepted exception in this stack; a deviation scoped to some resources only where
  the pack's policies pass (they exempt the resource), else the pack reports the failure itself (covered);
- gap: anything else, with why: no policy checks it, or the mapped policy passes where the tool fails (the policy
  checks less than the tool does).
"""

from __future__ import annotations

from collections.abc import Iterable

from fraudctl.review.model import Finding
from fraudctl.review.model_independent import OutsideFinding
from fraudctl.review.sources import SourceIndex
from fraudctl.review.state import StackResource, StackState

from .mappings import Mappings


class Classifier:
    def __init__(self, state: StackState, pack_findings: Iterable[Finding], mappings: Mappings, sources: SourceIndex):
        self.state = state
        self.mappings = mappings
        self.sources = sources
        self._failing: dict[str, set[str]] = {}
        for finding in pack_findings:
            self._failing.setdefault(finding.policy, set()).add(finding.resource_urn)
        self._wired: dict[str, set[str]] = {r.urn: {r.urn} for r in state}
        for resource in state:
            for urn in {*resource.dependencies, *(u for us in resource.property_dependencies.values() for u in us)}:
                if urn in self._wired:
                    self._wired[resource.urn].add(urn)
                    self._wired[urn].add(resource.urn)

    def classify(
        self,
        tool: str,
        check: str,
        title: str,
        resource: StackResource,
        detail: str,
        mapped: tuple[str, ...],
        exception_key: str | None = None,
    ) -> OutsideFinding:
        def finding(classification: str, policies: tuple[str, ...], reason: str) -> OutsideFinding:
            return OutsideFinding(
                tool=tool,
                check=check,
                title=title,
                resource_urn=resource.urn,
                resource_type=resource.type,
                resource_name=resource.name,
                detail=detail,
                classification=classification,
                policies=policies,
                reason=reason,
                location=self.sources.locate(resource.type, resource.name),
            )

        near = self._wired.get(resource.urn, {resource.urn})
        failing = tuple(p for p in mapped if self._failing.get(p, set()) & near)
        exception = self.mappings.exception_for(exception_key or check, resource.type)
        if exception is not None and not (exception.scoped and failing):
            return finding("accepted exception", mapped, f"{exception.control}: {exception.reason}")
        if failing:
            return finding("covered", failing, "the pack reports it too")
        if mapped:
            return finding("gap", mapped, f"mapped to {', '.join(mapped)}, which passes here: it checks less")
        return finding("gap", (), "no policy of the pack checks this")
