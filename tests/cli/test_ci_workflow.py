"""The GitHub Actions workflow that runs the real `pulumi preview --policy-pack policies`."""

from pathlib import Path

import yaml

from tests.project_copy import PROJECT_ROOT

WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "policy-preview.yml"


def test_workflow_parses_and_runs_the_official_action_with_the_pack():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = workflow["jobs"]["preview"]["steps"]
    (pulumi,) = [s for s in steps if str(s.get("uses", "")).startswith("pulumi/actions@")]
    assert pulumi["with"]["command"] == "preview"
    assert pulumi["with"]["policyPacks"] == "policies"
    config = pulumi["with"]["policyPackConfigs"].replace("${{ env.PULUMI_STACK }}", "dev")
    assert (PROJECT_ROOT / config).is_file()
    assert pulumi["env"]["PULUMI_ACCESS_TOKEN"] == "${{ secrets.PULUMI_ACCESS_TOKEN }}"
    aws = next(s for s in steps if str(s.get("uses", "")).startswith("aws-actions/configure-aws-credentials@"))
    assert aws["with"]["role-to-assume"].startswith("${{ secrets.") and aws["with"]["aws-region"] == "us-east-2"


def test_the_makefile_previews_with_the_same_pack_and_config():
    makefile = Path(PROJECT_ROOT / "Makefile").read_text()
    assert "--policy-pack policies --policy-pack-config policies/config/$(STACK).json" in makefile
