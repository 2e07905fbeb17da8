"""The pack as the engine loads it: project file, assembly, names, metadata, type tokens, config schemas."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from fraud_guardrails import pack
from fraud_guardrails import types as T
from pack_harness import PACK_DIR, REPO, load_generator
from pulumi_policy import EnforcementLevel, Policy, ResourceValidationPolicy, StackValidationPolicy

NAME_STYLE = re.compile(r"^aws-[a-z0-9]+(-[a-z0-9]+){2,}$")
ENGINE_LEVEL = {"type": "string", "enum": ["advisory", "mandatory", "remediate", "disabled"]}


@pytest.fixture(scope="module")
def registered_types() -> set[str]:
    generator = load_generator()
    return generator.registered_types(generator.package_root())


def test_project_file_runs_python_in_the_projects_virtualenv() -> None:
    project = yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text())
    # ../.venv from policies/: the venv `make` and `pulumi install` build; the CLI creates none for a local pack.
    assert project["runtime"] == {"name": "python", "options": {"toolchain": "pip", "virtualenv": "../.venv"}}
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(project["version"]))
    assert project["description"]


def test_requirements_pin_the_project_versions() -> None:
    pins = (PACK_DIR / "requirements.txt").read_text().split()
    assert pins == ["pulumi==3.272.0", "pulumi-policy==1.21.0"]
    pyproject = (REPO / "pyproject.toml").read_text()
    assert all(f'"{pin}"' in pyproject for pin in pins), "the pack must pin what the project pins"


def test_main_assembles_every_service_module(assembled_pack: dict) -> None:
    assert assembled_pack["name"] == pack.PACK_NAME == "fraud-detection-guardrails"
    assert assembled_pack["enforcement_level"] == EnforcementLevel.ADVISORY
    assert [p.name for p in assembled_pack["policies"]] == [r.name for r in pack.rules()]
    modules = {Path(m.__file__).stem for m in pack.SERVICES}
    on_disk = {p.stem for p in (PACK_DIR / "fraud_guardrails").glob("*.py")}
    helpers = {"__init__", "types", "metadata", "props", "links", "documents", "pack", "s3_buckets"}
    helpers |= {"catalog", "catalog_readme", "controls", "frameworks"}  # the generator's, never imported by the pack
    assert on_disk - helpers == modules, "a service module that the pack does not assemble"


def test_names_descriptions_and_metadata(pack_policies: list[Policy]) -> None:
    names = [p.name for p in pack_policies]
    assert len(names) == len(set(names))
    for rule in pack.rules():
        assert NAME_STYLE.match(rule.name), rule.name
        assert rule.description and rule.remediation and rule.severity, rule.name
        assert rule.enforcement in (EnforcementLevel.MANDATORY, EnforcementLevel.ADVISORY), rule.name
        assert all(re.fullmatch(r"[A-Za-z0-9]+\.\d+", c) for c in rule.fsbp), rule.name
        assert all(re.fullmatch(r"CKV2?_AWS_\d+", c) for c in rule.checkov), rule.name
        if rule.spec:
            assert rule.enforcement == EnforcementLevel.MANDATORY, f"{rule.name}: the spec is not optional"
    for policy in pack_policies:
        assert policy.remediation_steps and policy.severity is not None and policy.tags
        assert isinstance(policy, ResourceValidationPolicy | StackValidationPolicy)


def test_the_spec_is_covered() -> None:
    spec = {rule.name for rule in pack.rules() if rule.spec}
    assert spec == {
        "aws-lambda-function-runtime",
        "aws-lambda-function-reserved-concurrency",
        "aws-lambda-function-timeout",
        "aws-lambda-function-log-group",
        "aws-dynamodb-table-billing-mode",
        "aws-dynamodb-table-stream",
        "aws-cloudwatch-loggroup-retention",
        "aws-cloudwatch-metricalarm-lambda-error-rate",
        "aws-s3-bucket-sse",
        "aws-tagging-resource-required-tags",
        "aws-apigateway-methodsettings-throttling",
        "aws-apigateway-methodsettings-logging-level",
        "aws-apigateway-stage-method-settings",
        "aws-provider-region-allowed",
        "aws-iam-policy-no-wildcard-actions",
        "aws-iam-policy-no-wildcard-resources",
    }


def test_every_type_token_exists_in_pulumi_aws(registered_types: set[str]) -> None:
    tokens = {value for key, value in vars(T).items() if key.isupper() and isinstance(value, str)}
    for rule in pack.rules():
        tokens |= set(rule.resource_types or ())
    unknown = sorted(tokens - registered_types - {T.AWS_PROVIDER})
    assert unknown == [], "type tokens pulumi-aws does not have (a policy on them would never fire)"


def test_config_schemas_are_valid_and_defaults_satisfy_them() -> None:
    for rule in pack.rules():
        if not rule.config:
            continue
        schema = {"type": "object", "properties": {**rule.config, "enforcementLevel": ENGINE_LEVEL}}
        jsonschema.Draft7Validator.check_schema(schema)
        jsonschema.validate({**rule.defaults(), "enforcementLevel": rule.enforcement.value}, schema)
        assert "enforcementLevel" not in rule.config


def test_value_checks_take_their_value_from_config() -> None:
    # A policy that compares with a number or a name must let another environment set its own.
    with_values = {rule.name for rule in pack.rules() if rule.config}
    assert {
        "aws-lambda-function-runtime",
        "aws-lambda-function-reserved-concurrency",
        "aws-lambda-function-timeout",
        "aws-dynamodb-table-billing-mode",
        "aws-dynamodb-table-stream",
        "aws-cloudwatch-loggroup-retention",
        "aws-cloudwatch-metricalarm-lambda-error-rate",
        "aws-s3-bucket-sse",
        "aws-tagging-resource-required-tags",
        "aws-apigateway-methodsettings-throttling",
        "aws-apigateway-methodsettings-logging-level",
        "aws-provider-region-allowed",
        "aws-iam-policy-no-wildcard-resources",
    } <= with_values


def test_the_pack_does_not_import_pulumi_aws() -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import fraud_guardrails.pack as p; p.policies(); "
        "print('pulumi_aws' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(PACK_DIR)], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
