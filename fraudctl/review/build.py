"""Gathering: one ``ReviewModel`` from the stack, the packs' verdicts, the catalogue and the program's sources."""

from __future__ import annotations

from pathlib import Path

from .catalogue import Catalogue
from .coverage import coverage
from .data_protection import data_stores
from .exposure import exposure
from .iam import iam_matrix
from .iam_usage import IamUsage, with_usage
from .independent import IndependentOptions, independent_checks
from .inventory import inventory
from .links import StackGraph
from .model import SCHEMA_VERSION, ReviewModel, ReviewSource
from .model_sections import Acceptance
from .monitoring import monitoring
from .pci import pci_mapping
from .policies import findings, policy_reviews, summarize
from .sources import SourceIndex
from .state import StackState
from .verdicts import PolicyVerdicts


def build_review(
    state: StackState,
    verdicts: PolicyVerdicts,
    catalogue: Catalogue,
    sources: SourceIndex,
    *,
    mode: str,
    files: tuple[str, ...] = (),
    acceptance: Acceptance | None = None,
    generated_at: str = "",
    independent: IndependentOptions | None = None,
    project_dir: Path = Path("."),
    iam_usage: IamUsage | None = None,
) -> ReviewModel:
    graph = StackGraph(state)
    found = findings(verdicts, state, sources)
    outside = (
        independent_checks(
            state, found, catalogue, sources, project_dir, independent, deployed=mode != "offline preview"
        )
        if independent is not None
        else None
    )
    policies = policy_reviews(verdicts, state, catalogue)
    region = next((str(p.get("region")) for p in state.of_type("pulumi:providers:aws") if p.get("region")), "")
    roles = iam_matrix(graph, sources, frozenset(_config_values(catalogue, "wildcardResourceActions")))
    source = ReviewSource(
        mode=mode,
        project=state.project,
        stack=state.stack,
        region=region,
        packs=tuple(pack.label for pack in verdicts.packs),
        files=files + ((iam_usage.file,) if iam_usage else ()),
        notes=tuple(_notes(state, verdicts, catalogue)) + _usage_notes(state, iam_usage),
    )
    return ReviewModel(
        schema_version=SCHEMA_VERSION,
        generated_at=generated_at,
        source=source,
        summary=summarize(found, policies, state),
        findings=found,
        policies=policies,
        coverage=coverage(catalogue, policies, state),
        iam=roles if iam_usage is None else with_usage(roles, iam_usage),
        data_protection=data_stores(graph),
        exposure=exposure(graph, region),
        monitoring=monitoring(graph),
        inventory=inventory(graph, sources, catalogue.taggable_types, tuple(_config_values(catalogue, "requiredTags"))),
        acceptance=acceptance,
        independent=outside,
        pci=pci_mapping(catalogue, policies, state.stack),
    )


def _usage_notes(state: StackState, usage: IamUsage | None) -> tuple[str, ...]:
    if usage is None or (usage.project, usage.stack) == (state.project, state.stack):
        return ()
    return (f"the IAM usage file {usage.file} is of {usage.project}/{usage.stack}, not {state.project}/{state.stack}",)


def _config_values(catalogue: Catalogue, key: str) -> list[str]:
    # Read from the policies' own config, so the review judges by the same lists the pack enforces.
    values: list[str] = []
    for policy in catalogue.policies.values():
        for value in policy.config.get(key, []) or []:
            if value not in values:
                values.append(str(value))
    return values


def _notes(state: StackState, verdicts: PolicyVerdicts, catalogue: Catalogue) -> list[str]:
    notes = []
    known = {r.urn for r in state}
    analyzed = {urn for pack in verdicts.packs for urn in pack.analyzed}
    only_previewed = sorted(analyzed - known)
    if only_previewed:
        notes.append(
            f"{len(only_previewed)} resources the preview analyzed are not in the stack export "
            "(new in this change); they have findings but no inventory row"
        )
    not_analyzed = sorted(r.name for r in state if analyzed and r.urn not in analyzed)
    if not_analyzed:
        notes.append(f"{len(not_analyzed)} resources of the stack export were not analyzed by the preview")
    if not catalogue.path:
        notes.append("the policy pack has no controls.json: FSBP/Checkov coverage and remediation are not shown")
    elif all(pack.name != catalogue.pack for pack in verdicts.packs):
        notes.append(f"the catalogue {catalogue.path} describes {catalogue.pack}, which produced no results here")
    return notes
