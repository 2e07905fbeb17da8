"""Pulumi stacks in formats other tools read: a Terraform plan JSON, so Checkov (or any plan reader) can check them.

Face: `terraform_plan(state, types)` builds the plan document from a review `StackState` (the offline preview or a
`pulumi stack export`), `TerraformTypes` maps Pulumi type tokens to Terraform types from the installed pulumi-aws.
"""

from fraudctl.export.terraform_plan import PlanExport, terraform_plan
from fraudctl.export.tf_types import Mapping, TerraformTypes

__all__ = ["Mapping", "PlanExport", "TerraformTypes", "terraform_plan"]
