"""Running the program in its own interpreter (the virtualenv its Pulumi.yaml names), as the language host does.

The child is ``<program python> -c <boot>``: it puts fraudctl's source directory at the END of ``sys.path`` (the
program's own modules win) and runs ``run_here`` there; it needs only what a Pulumi program's environment has
(pulumi, its protobuf/grpc/yaml dependencies, pulumi_aws). Request and result travel as JSON files, so the program's
own prints cannot corrupt them; the child is killed at the wall-clock limit.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fraudctl.program.errors import ProgramError
from fraudctl.program.model import ProgramRun, Remediator
from fraudctl.program.project import PulumiProject
from fraudctl.program.toolchain import Interpreter

SOURCE_ROOT = Path(__file__).resolve().parents[2]
_BOOT = (
    "import sys; sys.path.append({root!r}); import pulumi; "
    "from fraudctl.program.child import main; main(sys.argv[1], sys.argv[2])"
)
_TAIL = 30


def run_in_child(
    project: PulumiProject,
    stack: str,
    config: dict[str, str],
    interpreter: Interpreter,
    remediate: Remediator | None,
    stack_references: Mapping[str, Mapping[str, Any]] | None,
    timeout: float | None,
) -> ProgramRun:
    from fraudctl.program.transport import logs_from_json, resource_from_json, run_from_json

    if remediate is not None:
        raise ProgramError(
            "a policy pack remediates, which fraudctl supports only when the program runs in fraudctl's own "
            f"environment; this program's Pulumi.yaml selects {interpreter.python}"
        )
    with tempfile.TemporaryDirectory(prefix="fraudctl-run-") as scratch:
        request, result = Path(scratch) / "request.json", Path(scratch) / "result.json"
        request.write_text(
            json.dumps(
                {
                    "project_dir": str(project.root),
                    "stack": stack,
                    "config": config,
                    "stack_references": dict(stack_references or {}),
                    "timeout": timeout,
                }
            ),
            encoding="utf-8",
        )
        argv = [interpreter.python, "-c", _BOOT.format(root=str(SOURCE_ROOT)), str(request), str(result)]
        try:
            done = subprocess.run(
                argv,
                cwd=project.root,
                env=interpreter.environment(),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            message = f"the program did not finish within {timeout:g}s (wall-clock limit; see --timeout)"
            raise ProgramError(message, timed_out=True) from None
        if not result.exists():
            raise ProgramError(_crash(interpreter, done))
        outcome = json.loads(result.read_text(encoding="utf-8"))
    if "run" in outcome:
        return run_from_json(outcome["run"])
    declared = tuple(resource_from_json(r) for r in outcome["declared"])
    raise ProgramError(
        outcome["error"], declared, logs_from_json(outcome["logs"]), timed_out=bool(outcome.get("timed_out"))
    )


def _crash(interpreter: Interpreter, done: subprocess.CompletedProcess[str]) -> str:
    tail = "\n".join((done.stderr or done.stdout or "").strip().splitlines()[-_TAIL:])
    message = f"the program's interpreter {interpreter.python} exited with code {done.returncode}:\n{tail}"
    if "No module named 'pulumi" in tail:
        message += (
            "\nIt looks like the Pulumi SDK has not been installed. Have you run pip install?\n"
            "If you are running in a virtualenv, you must run pip install -r requirements.txt from inside the "
            "virtualenv."
        )
    return message


def main(request_file: str, result_file: str) -> None:
    """The child's side: run the program here and write the run (or the failure) as JSON."""
    from fraudctl.program.in_process import run_here
    from fraudctl.program.project import load_project
    from fraudctl.program.transport import resource_to_json, run_to_json

    request = json.loads(Path(request_file).read_text(encoding="utf-8"))
    project = load_project(Path(request["project_dir"]), request["stack"])
    try:
        run = run_here(project, request["stack"], request["config"], None, request["stack_references"], None)
        outcome: dict[str, Any] = {"run": run_to_json(run)}
    except ProgramError as err:
        outcome = {
            "error": str(err),
            "declared": [resource_to_json(r) for r in err.declared],
            "logs": [vars(entry) for entry in err.logs],
            "timed_out": err.timed_out,
        }
    Path(result_file).write_text(json.dumps(outcome), encoding="utf-8")
    sys.stdout.flush()
