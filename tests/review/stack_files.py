"""Files a real pipeline would hand the review, written from an offline run: an event log and a stack export.

The event log comes from the policy engine's own writer (the format of ``pulumi preview --event-log``) with a fixed
clock. The stack export has the shape of ``pulumi stack export`` (version 3) after a deployment of the run: inputs and
outputs as recorded, secret outputs as encrypted envelopes, the code archive as an archive envelope.

Regenerate the committed samples after a change to infra/ or the pack:
    .venv/bin/python -m tests.review.stack_files
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pulumi

from fraudctl.policy_engine import EventLogWriter, PolicyAnalysis
from fraudctl.program.model import ProgramRun

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_EVENT_LOG = FIXTURES / "dev.events.jsonl"
SAMPLE_STACK_EXPORT = FIXTURES / "dev.stack-export.json"
CLOCK = 1767225600  # 2026-01-01T00:00:00Z: the samples do not change when regenerated
SIG = "4dabf18193072939515e22adb298388d"
SECRET_SIG, ARCHIVE_SIG, ASSET_SIG = (
    "1b47061264138c4ac30d75fd1eb44270",
    "0def7320c3a5731c473e5ecbe6d01bc7",
    "c44067f5952c0a294b673a41bacd8c17",
)
SECRET_OUTPUTS = {"aws:apigateway/apiKey:ApiKey": ("value",)}  # what pulumi-aws marks secret among our resources


def write_event_log(path: Path, run: ProgramRun, analysis: PolicyAnalysis) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        writer = EventLogWriter(stream, clock=lambda: CLOCK)
        writer.prelude(run.config)
        writer.policy_loads(analysis)
        writer.policy_results(analysis)
        writer.summary(analysis)
        writer.cancel()
    return path


def stack_export(run: ProgramRun) -> dict[str, Any]:
    resources = []
    for r in run.resources:
        entry: dict[str, Any] = {"urn": r.urn, "custom": r.custom, "type": r.type}
        if r.custom:
            entry["id"] = r.id
        if r.type == "pulumi:pulumi:Stack":
            outputs = {k: _secret(v) if k in run.secret_outputs else v for k, v in run.outputs.items()}
            entry["outputs"] = _plain(outputs)
        else:
            entry["inputs"] = _plain(r.inputs)
            secret = SECRET_OUTPUTS.get(r.type, ())
            entry["outputs"] = _plain({k: _secret(v) if k in secret else v for k, v in r.outputs.items()})
        if r.parent:
            entry["parent"] = r.parent
        if r.provider:
            entry["provider"] = r.provider
        if r.dependencies:
            entry["dependencies"] = list(r.dependencies)
        deps = {k: list(v) for k, v in r.property_dependencies.items() if v}
        if deps:
            entry["propertyDependencies"] = deps
        resources.append(entry)
    manifest = {"time": "2026-01-01T00:00:00Z", "magic": "", "version": "v3.272.0"}
    return {
        "version": 3,
        "deployment": {"manifest": manifest, "secrets_providers": {"type": "service"}, "resources": resources},
    }


def write_stack_export(path: Path, run: ProgramRun) -> Path:
    path.write_text(json.dumps(stack_export(run), indent=4) + "\n", encoding="utf-8")
    return path


def _secret(value: Any) -> dict[str, str]:
    digest = hashlib.sha256(json.dumps(value).encode()).hexdigest()[:24]
    return {SIG: SECRET_SIG, "ciphertext": f"v1:{digest}"}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return value if SIG in value else {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, pulumi.Archive | pulumi.Asset):
        sig = ARCHIVE_SIG if isinstance(value, pulumi.Archive) else ASSET_SIG
        return {SIG: sig, "hash": hashlib.sha256(_describe(value).encode()).hexdigest()}
    if isinstance(value, float) and value.is_integer():
        return int(value)  # the state file stores 300, not 300.0
    return value


def _describe(value: pulumi.Archive | pulumi.Asset) -> str:
    """A stable identity for an asset or archive (the engine hashes contents; names and paths suffice here)."""
    if isinstance(value, pulumi.AssetArchive):
        return json.dumps(sorted(value.assets))
    return str(getattr(value, "path", "") or getattr(value, "text", "") or type(value).__name__)


def regenerate() -> None:
    from fraudctl.policy_engine import run_policy_packs
    from fraudctl.program.runner import run_program

    repo = FIXTURES.parents[2]
    run = run_program(repo, "dev")
    analysis = run_policy_packs(run, [repo / "policies"])
    write_event_log(SAMPLE_EVENT_LOG, run, analysis)
    write_stack_export(SAMPLE_STACK_EXPORT, run)


if __name__ == "__main__":
    regenerate()
