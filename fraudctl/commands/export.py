"""`fraudctl export --format terraform-plan`: the stack as a Terraform plan JSON, for Checkov or any plan reader.

The stack comes from the offline preview (the program under mocks, default) or from a `pulumi stack export` file of a
real deployment (`--stack-export`). Exit codes: 0 written; 2 not written (the message names the file and the problem).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fraudctl.commands import EXIT_ERROR, EXIT_OK
from fraudctl.export import TerraformTypes, terraform_plan
from fraudctl.program.project import ProjectError
from fraudctl.program.runner import ProgramError, run_program
from fraudctl.review.errors import ReviewInputError
from fraudctl.review.independent import checkov_resource_types
from fraudctl.review.independent.checkov_run import find_checkov
from fraudctl.review.stack_export import load_stack_export
from fraudctl.review.state import from_program_run

FORMATS = ("terraform-plan",)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "export",
        help="write the stack in another tool's format (a Terraform plan JSON for Checkov)",
        description="Write the stack as a Terraform plan JSON (format 1.2): resources typed as terraform-provider-aws "
        "types (derived from the installed pulumi-aws), attributes in snake case, references between resources kept. "
        "Then: checkov -f PLAN --framework terraform_plan.",
    )
    parser.add_argument("--format", choices=FORMATS, default="terraform-plan", help="the output format")
    parser.add_argument("--cwd", type=Path, default=Path.cwd(), help="the Pulumi project directory (default: .)")
    parser.add_argument("--stack", default="dev", help="the stack to preview offline (default: dev)")
    parser.add_argument("--stack-export", type=Path, help="a `pulumi stack export` file instead of the offline preview")
    parser.add_argument("--out", type=Path, required=True, help="the file to write")
    parser.add_argument(
        "--checkov", type=Path, default=None, help="a Checkov executable whose resource types confirm the mapping"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    err = sys.stderr
    try:
        if args.stack_export is not None:
            state, deployed = load_stack_export(args.stack_export), True
        else:
            state, deployed = from_program_run(run_program(args.cwd, args.stack)), False
        checkov = find_checkov(args.cwd, args.checkov)
        reference = checkov_resource_types(checkov) if checkov else frozenset()
        export = terraform_plan(state, TerraformTypes.installed(reference), deployed=deployed)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        partial = args.out.with_name(args.out.name + ".partial")  # never a half-written plan under the real name
        partial.write_text(json.dumps(export.document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        partial.replace(args.out)
    except (ProgramError, ProjectError, ReviewInputError, LookupError, OSError) as error:
        err.write(f"error: {error}\n")
        return EXIT_ERROR
    resources = len(export.addresses)
    sys.stdout.write(f"Wrote {args.out}: {resources} resources of {state.project}/{state.stack} as a Terraform plan\n")
    for token in export.unmapped:
        err.write(
            f"warning: {token} has no Terraform type in pulumi-aws {TerraformTypes.installed().version}: left out\n"
        )
    for item in export.unconfirmed:
        err.write(f"warning: Terraform type derived by the naming rule only, not confirmed: {item}\n")
    for token, count in sorted(export.skipped.items()):
        err.write(f"note: {count} {token} resources are not AWS resources: left out\n")
    return EXIT_OK
