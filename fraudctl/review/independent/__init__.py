"""A second opinion on the stack from tools reviewers know: Checkov on its Terraform plan export, parliament on its
IAM policy documents. Every failure they report is classified against the pack (covered, accepted exception, gap).

Face: `IndependentOptions` (where Checkov is; whether it must run), `independent_checks(...)` -> `IndependentChecks`.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fraudctl.review.catalogue import Catalogue
from fraudctl.review.errors import ReviewInputError
from fraudctl.review.model import Finding
from fraudctl.review.model_independent import IndependentChecks, OutsideFinding, ToolRun
from fraudctl.review.sources import SourceIndex
from fraudctl.review.state import StackState

from . import checkov_run, iam_lint
from .classify import Classifier
from .mappings import Mappings

PLAN_FILE = "terraform-plan.json"


@dataclass(frozen=True)
class IndependentOptions:
    checkov: Path | None = None  # the executable; None: look for it (see checkov_run.find_checkov)
    require_checkov: bool = True  # no Checkov found is an error; False: the review says it did not run
    plan_dir: Path | None = None  # keep the plan export here (default: a temporary directory)


def independent_checks(
    state: StackState,
    pack_findings: Iterable[Finding],
    catalogue: Catalogue,
    sources: SourceIndex,
    project_dir: Path,
    options: IndependentOptions,
    *,
    deployed: bool,
) -> IndependentChecks:
    classifier = Classifier(state, pack_findings, Mappings(catalogue, state.stack), sources)
    checkov_findings, checkov = _checkov(state, classifier, project_dir, options, deployed)
    lint_findings, linter = _linter(state, classifier)
    ordered = sorted(
        [*checkov_findings, *lint_findings],
        key=lambda f: (
            ("gap", "accepted exception", "covered").index(f.classification),
            f.tool,
            f.check,
            f.resource_name,
        ),
    )
    return IndependentChecks(runs=(checkov, linter), findings=tuple(ordered))


_KNOWN_TYPES: dict[tuple[str, int], frozenset[str]] = {}


def checkov_resource_types(executable: Path) -> frozenset[str]:
    """The Terraform types Checkov knows, from its own environment: the reference that confirms the type mapping.

    Asked once per installed Checkov in a process (it costs a Python start and Checkov's import, 2-5 s): a process
    that reviews several stacks, or the tests, asks again only when the executable changed.
    """
    try:
        key = (str(executable.absolute()), executable.stat().st_mtime_ns)
    except OSError:
        key = (str(executable), 0)
    if key in _KNOWN_TYPES:
        return _KNOWN_TYPES[key]
    python = executable.parent / "python"
    script = (
        "import json; from checkov.common.checks_infra.resources_types import resources_types as t; "
        "print(json.dumps(t['aws']))"
    )
    try:
        done = subprocess.run([str(python), "-c", script], capture_output=True, text=True, timeout=60)
        types = frozenset(json.loads(done.stdout)) if done.returncode == 0 else frozenset()
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return frozenset()  # the mapping then rests on the SDK's own evidence; unconfirmed types are reported
    if types:
        _KNOWN_TYPES[key] = types  # a failed lookup is not remembered: the next review tries again
    return types


def _checkov(
    state: StackState, classifier: Classifier, project_dir: Path, options: IndependentOptions, deployed: bool
) -> tuple[list[OutsideFinding], ToolRun]:
    # Imported here: the exporter reads the review's StackState, and fraudctl.review's package imports this module.
    from fraudctl.export import TerraformTypes, terraform_plan

    executable = checkov_run.find_checkov(project_dir, options.checkov)
    if executable is None:
        if options.require_checkov:
            raise ReviewInputError(
                "Checkov not found: run `make .venv-checkov/.installed`, or pass --checkov PATH "
                "(or --no-independent-checks)"
            )
        return [], ToolRun("Checkov", "", checkov_run.INFORMATION_URI, False, "", "", 0, 0, ("not run: not found",), ())
    export = terraform_plan(state, TerraformTypes.installed(checkov_resource_types(executable)), deployed=deployed)
    with tempfile.TemporaryDirectory(prefix="fraudctl-plan-") as scratch:
        plan_dir = options.plan_dir or Path(scratch)
        plan_dir.mkdir(parents=True, exist_ok=True)
        plan_file = plan_dir / PLAN_FILE
        plan_file.write_text(json.dumps(export.document, indent=1, sort_keys=True), encoding="utf-8")
        report = checkov_run.run_checkov(executable, plan_file)
    by_address = {address: urn for urn, address in export.addresses.items()}
    findings = []
    for check in report.failed:
        resource = state.find(by_address.get(check.address, ""))
        if resource is None:
            continue  # a provider block or a resource the export left out: nothing of the stack to point at
        mapped = classifier.mappings.policies_for_check(check.check_id)
        findings.append(classifier.classify("Checkov", check.check_id, check.name, resource, check.address, mapped))
    notes = [f"unmapped resource types left out: {', '.join(export.unmapped)}"] if export.unmapped else []
    notes += [f"Terraform type not confirmed: {item}" for item in export.unconfirmed]
    titles = tuple(sorted({(c.check_id, c.name) for c in report.failed}))
    run = ToolRun(
        tool="Checkov",
        version=report.version,
        information_uri=checkov_run.INFORMATION_URI,
        ran=True,
        command=report.command.replace(str(plan_file.absolute()), PLAN_FILE),
        checked=f"{report.resources} resources of the stack's Terraform plan export ({len(export.addresses)} exported)",
        passed=len(report.passed),
        failed=len(report.failed),
        notes=tuple(notes),
        titles=titles,
    )
    return findings, run


def _linter(state: StackState, classifier: Classifier) -> tuple[list[OutsideFinding], ToolRun]:
    report = iam_lint.lint(state)
    findings = [
        classifier.classify(
            "parliament",
            f.issue,
            f.title,
            f.document.resource,
            f"{f.document.property}: {f.detail}" if f.detail else f.document.property,
            classifier.mappings.policies_for_linter(f.issue),
        )
        for f in report.findings
    ]
    notes = (
        (
            f"{report.set_aside} identity-policy findings on resource policies set aside (trust policies have no "
            "Resource; in a key policy * is the key itself)",
        )
        if report.set_aside
        else ()
    )
    run = ToolRun(
        tool="parliament",
        version=report.version,
        information_uri=iam_lint.INFORMATION_URI,
        ran=True,
        command="parliament --file <policy document>  (the Python API, once per document)",
        checked=f"{report.documents} policy documents",
        passed=report.documents - len({(f.document.resource.urn, f.document.property) for f in report.findings}),
        failed=len(report.findings),
        notes=notes,
        titles=tuple(sorted({(f.issue, f.title) for f in report.findings})),
    )
    return findings, run
